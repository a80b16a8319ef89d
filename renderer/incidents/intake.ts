/**
 * Getting an alert into intake from anywhere: a paste outside a text field, P, or the
 * palette. The text waits here (too long for an address) until the Start incident screen
 * takes it and matches it straight away.
 */
import { useEffect } from 'react';
import { navigate } from '../app/router';
import { isTypingTarget } from '../ui/listbox';
import { looksLikeAlert } from './alertText';

let pending: string | null = null;
/** The Start incident screen while it is open: it takes an alert pasted on it directly. */
let receiver: ((text: string | null) => void) | null = null;

/** Opens intake with this alert text, or with the paste box focused and empty. */
export function openIntake(text: string | null): void {
  const alert = text !== null && text.trim() !== '' ? text : null;
  if (receiver) {
    receiver(alert);
    return;
  }
  pending = alert;
  navigate({ screen: 'incidents', path: ['new'], params: { paste: '1' } });
}

/** Called by the Start incident screen while it is open; returns the way to stop. */
export function receiveAlerts(take: (text: string | null) => void): () => void {
  receiver = take;
  return () => {
    if (receiver === take) receiver = null;
  };
}

/** The alert text handed to intake, once: the screen that takes it matches it. */
export function takePendingAlert(): string | null {
  const text = pending;
  pending = null;
  return text;
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
 * box focused. A screen's own P (a playbook's preview) takes precedence: it marks the key
 * handled.
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
      // Decided once every listener has seen the key: this one was added when the app
      // started, before any screen's, so a screen's own P (marked handled) wins.
      setTimeout(() => {
        if (!event.defaultPrevented) void clipboardText().then(openIntake);
      }, 0);
    };
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
