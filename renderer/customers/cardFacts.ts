/**
 * Pure helpers behind the recovery card: review freshness, restore targets in words,
 * the customer's wall clock, maintenance windows in the customer's time zone, contract expiry.
 */
import {
  minuteOfWeek,
  safeTimeZone,
  weekdayName,
  windowEndMinute,
  windowPosition,
} from '../../shared/catalog/maintenance';
import type { MaintenanceWindow } from '../../shared/catalog/schemas';

const DAY_MS = 86_400_000;

export const LIST_REVIEW_INTERVAL_DAYS = 180;

export type ReviewState =
  | { readonly kind: 'never' }
  | { readonly kind: 'overdue'; readonly days: number }
  | { readonly kind: 'fresh'; readonly days: number };

export function reviewState(reviewedAt: string | null, intervalDays: number, now: Date): ReviewState {
  if (!reviewedAt) return { kind: 'never' };
  const at = Date.parse(reviewedAt);
  if (Number.isNaN(at)) return { kind: 'never' };
  const days = Math.max(0, Math.floor((now.getTime() - at) / DAY_MS));
  return days > intervalDays ? { kind: 'overdue', days } : { kind: 'fresh', days };
}

export function ageInWords(days: number): string {
  if (days < 1) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  if (days < 730) return `${Math.round(days / 30.4)} months ago`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')} years ago`;
}

/** 30 → "30 min", 240 → "4 h", 90 → "1 h 30 min", 4320 → "3 d". */
export function minutesInWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes >= 2 * 1440 && minutes % 1440 === 0) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Countdowns: 45 → "45 min", 200 → "3 h 20 min", 1570 → "1 d 2 h". */
export function countdownInWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return minutesInWords(minutes);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

const clockFormats = new Map<
  string,
  { readonly time: Intl.DateTimeFormat; readonly day: Intl.DateTimeFormat }
>();

export function formatLocalTime(
  now: Date,
  timeZone: string,
): { readonly time: string; readonly day: string } {
  let formats = clockFormats.get(timeZone);
  if (!formats) {
    const { zone } = safeTimeZone(timeZone);
    formats = {
      time: new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      day: new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
      }),
    };
    clockFormats.set(timeZone, formats);
  }
  return { time: formats.time.format(now), day: formats.day.format(now) };
}

/** Offset from UTC as "UTC+2" / "UTC−5:30" for the given instant. */
export function utcOffsetLabel(now: Date, timeZone: string): string {
  const { zone } = safeTimeZone(timeZone);
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return (part?.value ?? 'UTC').replace('GMT', 'UTC').replace('-', '−');
}

export type WindowStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'now'; readonly window: MaintenanceWindow; readonly endsInMinutes: number }
  | { readonly kind: 'next'; readonly window: MaintenanceWindow; readonly startsInMinutes: number };

/** Whether a window is open now (windows may run past Sunday midnight), else the next one to open. */
export function maintenanceStatus(
  windows: readonly MaintenanceWindow[],
  now: Date,
  timeZone: string,
): WindowStatus {
  if (windows.length === 0) return { kind: 'none' };
  const current = minuteOfWeek(now, timeZone);
  let best: WindowStatus = { kind: 'none' };
  for (const w of windows) {
    const at = windowPosition(w, current);
    if (at.open && (best.kind !== 'now' || at.endsInMinutes > best.endsInMinutes))
      best = { kind: 'now', window: w, endsInMinutes: at.endsInMinutes };
  }
  if (best.kind === 'now') return best;
  for (const w of windows) {
    const at = windowPosition(w, current);
    if (!at.open && (best.kind !== 'next' || at.startsInMinutes < best.startsInMinutes))
      best = { kind: 'next', window: w, startsInMinutes: at.startsInMinutes };
  }
  return best;
}

export function windowLabel(w: MaintenanceWindow): string {
  const end = windowEndMinute(w);
  const hhmm = (minute: number) =>
    `${String(Math.floor((minute % 1440) / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const endDay = Math.floor(end / 1440) + 1;
  const sameDay = endDay === w.weekday && w.durationMinutes < 1440;
  return `${weekdayName(w.weekday)} ${w.startTime}–${sameDay ? '' : `${weekdayName(endDay)} `}${hhmm(end)}`;
}

export type ContractState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'expired'; readonly days: number }
  | { readonly kind: 'expiring'; readonly days: number }
  | { readonly kind: 'valid'; readonly days: number };

/** Expiry compared on calendar days in the engineer's own zone. */
export function contractState(expiresOn: string | null, now: Date): ContractState {
  if (!expiresOn) return { kind: 'unknown' };
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(expiresOn);
  if (!match) return { kind: 'unknown' };
  const expiry = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((expiry - today) / DAY_MS);
  if (days < 0) return { kind: 'expired', days: -days };
  if (days <= 30) return { kind: 'expiring', days };
  return { kind: 'valid', days };
}

export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
