/**
 * Getting an alert into intake from anywhere: a paste outside a text field, P, or the
 * palette. The text waits here (too long for an address) until the Start incident screen
 * takes it and matches it straight away.
 */
import { useEffect } from 'react';
import type { AlertMatch } from '../../shared/incidents/model';
import { navigate } from '../app/router';
import { isTypingTarget } from '../ui/listbox';

let pending: string | null = null;

/** Opens intake with this alert text, or with the paste box focused and empty. */
export function openIntake(text: string | null): void {
  pending = text !== null && text.trim() !== '' ? text : null;
  navigate({ screen: 'incidents', path: ['new'], params: { paste: '1' } });
}

/** The alert text handed to intake, once: the screen that takes it matches it. */
export function takePendingAlert(): string | null {
  const text = pending;
  pending = null;
  return text;
}

/** Lines that name a field the way alerts and e-mails do ("Host: web01", "Subject: …"). */
const FIELD_LINE = /^[A-Za-z][\w .-]{0,40}:\s+\S/;
const MAIL_HEADER = /^(?:from|to|subject|date|received|message-id|content-type):/im;

/**
 * Whether pasted text reads like an alert rather than a search: several lines, a JSON
 * payload, e-mail headers, or simply long. A customer code, host name or IP stays a search.
 */
export function looksLikeAlert(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (/^[{[]/.test(t)) return true;
  if (MAIL_HEADER.test(t)) return true;
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length >= 2) return true;
  if (lines.filter((l) => FIELD_LINE.test(l.trim())).length >= 2) return true;
  return t.length > 120;
}

async function clipboardText(): Promise<string | null> {
  try {
    return (await navigator.clipboard?.readText()) ?? null;
  } catch {
    // Reading the clipboard without a paste needs a permission the console may not have.
    return null;
  }
}

/**
 * The app-wide keys for intake: Ctrl/Cmd+V outside a text field (or an alert pasted into a
 * search box) opens intake with what was pasted; P opens it with the clipboard's text when it can be read, else with the paste
 * box focused. A screen's own P (a playbook's preview) takes precedence: it handles the
 * key first and marks it handled.
 */
export function useAlertPasteKeys(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onPaste = (event: ClipboardEvent) => {
      if (event.defaultPrevented || inDialog(event.target)) return;
      const text = event.clipboardData?.getData('text') ?? '';
      if (text.trim() === '') return;
      // A screen's search box (focused when the console opens) cannot hold a multi-line
      // alert: one pasted there is an alert to start from, not a search.
      const searchBox = event.target instanceof HTMLInputElement && event.target.type === 'search';
      if (isTypingTarget(event.target) && !(searchBox && looksLikeAlert(text))) return;
      event.preventDefault();
      openIntake(text);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== 'p' && event.key !== 'P') return;
      if (isTypingTarget(event.target) || inDialog(event.target)) return;
      event.preventDefault();
      void clipboardText().then(openIntake);
    };
    // Bubbling listeners on window: a screen's own handler (on window, added first) runs before.
    window.addEventListener('paste', onPaste);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('keydown', onKey);
    };
  }, [enabled]);
}

/** Keys inside a dialog (the palette, an editor) belong to it. */
function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="dialog"]') !== null;
}

/**
 * The alert's assets with the host it names first. The intake also matches what merely
 * shares the host's address (an application on the VM, a monitoring server in the mail
 * headers); the host is the matched asset whose host name or name the alert itself
 * spells out, the earliest in the text first, and the matched customer's own machines go
 * before shared platform ones. Otherwise the intake's order (strongest evidence first) stands.
 */
export function hostFirst<A extends AlertMatch['assets'][number]>(
  text: string,
  match: Pick<AlertMatch, 'customer'> & { readonly assets: readonly A[] },
): A[] {
  const flat = ` ${words(text)} `;
  const position = (a: A): number => {
    const names = [a.hostname ?? '', a.name, (a.hostname ?? '').split('.')[0] ?? ''];
    const found = names
      .map((n) => words(n))
      .filter((n) => n !== '')
      .map((n) => flat.indexOf(` ${n} `))
      .filter((i) => i >= 0);
    return found.length > 0 ? Math.min(...found) : Number.POSITIVE_INFINITY;
  };
  const own = (a: A) => (match.customer !== null && a.customerId === match.customer.id ? 0 : 1);
  return match.assets
    .map((a, i) => ({ a, i, own: own(a), at: position(a) }))
    .sort((x, y) => x.own - y.own || x.at - y.at || x.i - y.i)
    .map((x) => x.a);
}

function words(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
