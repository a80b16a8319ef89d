/**
 * A customer's go-bag: the recovery card and every playbook that applies to the customer,
 * as the engineer would see it (overlay applied, customer facts filled in), in one
 * document to print or carry when everything else is down.
 *
 * It carries when it was generated and a SHA-256 of its content, so a printed copy can be
 * told apart from a newer one. The hash covers the whole file except the one line that
 * shows it ("Generated at … · SHA-256 …"); `gobagHash` recomputes it.
 */
import crypto from 'node:crypto';
import { LifelineError } from '../../../shared/api/result';
import { ASSET_KIND_LABELS, type AssetKind, type CustomerDetail } from '../../../shared/catalog/schemas';
import { OverlayBody, PlaybookBody } from '../../../shared/playbooks/model';
import { resolvePlaybook } from '../../../shared/playbooks/resolve';
import { getCustomer } from '../catalog/customers';
import { restoreOrderFor } from '../catalog/recovery';
import type { Db } from '../db/database';
import { renderGobagHtml } from './gobag-html';
import { renderGobagMarkdown } from './gobag-md';
import type { Gobag, GobagData, GobagFormat, GobagPlaybook, GobagWindow } from './gobag-types';

/** The line that carries the hash (the first line like it); the hash covers every other line. */
export const STAMP_LINE = /Generated at .+ · SHA-256 [0-9a-f]{64}/;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function localParts(now: Date, timeZone: string): { text: string; weekday: number; minutes: number } | null {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(now);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
    const minutes = Number(get('hour')) * 60 + Number(get('minute'));
    return {
      text: `${get('weekday')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`,
      weekday,
      minutes,
    };
  } catch {
    return null;
  }
}

function windowsOf(c: CustomerDetail, local: { weekday: number; minutes: number } | null): GobagWindow[] {
  const week = 7 * 1440;
  return c.maintenanceWindows.map((w) => {
    const [h, m] = w.startTime.split(':').map(Number);
    const start = (w.weekday - 1) * 1440 + (h ?? 0) * 60 + (m ?? 0);
    const nowAt = local ? (local.weekday - 1) * 1440 + local.minutes : -1;
    const into = (((nowAt - start) % week) + week) % week;
    return {
      name: w.name,
      day: WEEKDAYS[w.weekday - 1] ?? String(w.weekday),
      start: w.startTime,
      durationMinutes: w.durationMinutes,
      activeNow: local !== null && into < w.durationMinutes,
    };
  });
}

function wavesOf(db: Db, c: CustomerDetail): GobagData['waves'] {
  try {
    const order = restoreOrderFor(db, { customerId: c.id });
    const waves = new Map<number, string[]>();
    for (const s of order.steps) {
      const label =
        s.asset.customer.id === c.id ? s.asset.name : `${s.asset.name} (${s.asset.customer.code})`;
      const list = waves.get(s.wave) ?? [];
      list.push(label);
      waves.set(s.wave, list);
    }
    return [...waves.entries()].sort(([a], [b]) => a - b).map(([wave, assets]) => ({ wave, assets }));
  } catch {
    // The card is still worth having without it.
    return null;
  }
}

interface PlaybookRow {
  id: string;
  title: string;
  current_version: number;
  body: string;
  overlay_body: string | null;
  overlay_core_version: number | null;
}

function playbooksFor(db: Db, c: CustomerDetail): GobagPlaybook[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.title, p.current_version, v.body, o.body AS overlay_body, o.core_version AS overlay_core_version
         FROM playbooks p
         JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
         LEFT JOIN overlays o ON o.playbook_id = p.id AND o.customer_id = ? AND o.deleted_at IS NULL
        WHERE p.deleted_at IS NULL
        ORDER BY p.title, p.id`,
    )
    .all(c.id) as PlaybookRow[];
  const assets = db
    .prepare('SELECT kind, tags FROM assets WHERE customer_id = ? AND deleted_at IS NULL')
    .all(c.id) as Array<{ kind: AssetKind; tags: string }>;
  const tagsByKind = new Map<string, Set<string>>();
  for (const a of assets) {
    const set = tagsByKind.get(a.kind) ?? new Set<string>();
    for (const t of JSON.parse(a.tags) as unknown[]) if (typeof t === 'string') set.add(t.toLowerCase());
    tagsByKind.set(a.kind, set);
  }
  const facts = {
    customer: { name: c.name, code: c.code, tier: c.tier, timeZone: c.timeZone },
    contacts: c.contacts.map((x) => ({ name: x.name, role: x.role, phone: x.phone })),
  };
  const out: GobagPlaybook[] = [];
  for (const r of rows) {
    const body = PlaybookBody.safeParse(safeJson(r.body));
    if (!body.success)
      throw new LifelineError(
        'INTERNAL',
        `Playbook "${r.title}" version ${r.current_version} is damaged in the database; restore it from a backup or re-import it.`,
      );
    const overlay = r.overlay_body === null ? null : OverlayBody.safeParse(safeJson(r.overlay_body));
    if (overlay && !overlay.success)
      throw new LifelineError(
        'INTERNAL',
        `The overlay of "${r.title}" for ${c.code} is damaged in the database.`,
      );
    const kinds = body.data.appliesTo.assetKinds.filter((k) => {
      const tags = tagsByKind.get(k);
      if (!tags) return false;
      const wanted = body.data.appliesTo.tags;
      return wanted.length === 0 || wanted.some((t) => tags.has(t.toLowerCase()));
    });
    if (!overlay && kinds.length === 0) continue;
    const why = overlay
      ? `customized for ${c.code}`
      : `applies to its ${kinds.map((k) => ASSET_KIND_LABELS[k].many.toLowerCase()).join(', ')}`;
    const coreVersion = r.overlay_core_version ?? r.current_version;
    out.push({
      id: r.id,
      title: r.title,
      summary: body.data.summary,
      restoreTargetMinutes: body.data.restoreTargetMinutes,
      why,
      overlay: overlay ? { coreVersion } : null,
      effective: resolvePlaybook(
        { version: r.current_version, body: body.data },
        overlay?.success ? { coreVersion, body: overlay.data } : null,
        facts,
      ),
    });
  }
  // Customized playbooks first: they are the ones that differ from what people remember.
  return [...out.filter((p) => p.overlay), ...out.filter((p) => !p.overlay)];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function gobagData(db: Db, customerId: string, now: Date): GobagData {
  const customer = getCustomer(db, customerId);
  const local = localParts(now, customer.timeZone);
  return {
    customer,
    generatedAt: now.toISOString(),
    localTime: local?.text ?? customer.timeZone,
    windows: windowsOf(customer, local),
    waves: wavesOf(db, customer),
    playbooks: playbooksFor(db, customer),
  };
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The SHA-256 a go-bag's content should show: over the content without its stamp line. */
export function gobagHash(content: string): string {
  const lines = content.split('\n');
  const at = lines.findIndex((l) => STAMP_LINE.test(l));
  return sha256(lines.filter((_l, i) => i !== at).join('\n'));
}

export function buildGobag(db: Db, customerId: string, format: GobagFormat, now: Date): Gobag {
  const data = gobagData(db, customerId, now);
  const stamp = `Generated at ${data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · SHA-256 `;
  const slot = '\u0000stamp\u0000';
  const draft = format === 'md' ? renderGobagMarkdown(data, slot) : renderGobagHtml(data, slot);
  const lines = draft.split('\n');
  const at = lines.findIndex((l) => l.includes(slot));
  const hash = sha256(lines.filter((_l, i) => i !== at).join('\n'));
  const content = lines.map((l, i) => (i === at ? l.replace(slot, `${stamp}${hash}`) : l)).join('\n');
  const date = data.generatedAt.slice(0, 10);
  const code = data.customer.code.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    fileName: `gobag-${code}-${date}.${format}`,
    content,
    sha256: hash,
    generatedAt: data.generatedAt,
  };
}
