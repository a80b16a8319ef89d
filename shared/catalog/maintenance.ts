/**
 * Weekly maintenance windows, which are written in the customer's own wall-clock time
 * ("Tuesday 22:00 for 2 h, Europe/Paris"): is one open at a given instant, and if not,
 * how long until it opens. The recovery card and the handover proposal both ask this.
 *
 * Times are compared as minutes since Monday 00:00 on the customer's wall clock, which the
 * engine's time-zone data gives for the instant, so daylight-saving time is taken as the
 * customer's clock shows it. A window may run past Sunday midnight into Monday.
 */

export const MINUTES_PER_WEEK = 7 * 24 * 60;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The parts of a window that say when it is open. */
export interface WeeklyWindow {
  /** ISO weekday, 1 = Monday … 7 = Sunday, in the customer's time zone. */
  readonly weekday: number;
  /** "HH:MM" on the customer's wall clock. */
  readonly startTime: string;
  readonly durationMinutes: number;
}

/** Open now (minutes until it closes), or closed (minutes until it next opens). */
export type WindowPosition =
  | { readonly open: true; readonly endsInMinutes: number }
  | { readonly open: false; readonly startsInMinutes: number };

export function weekdayName(isoWeekday: number): string {
  return WEEKDAYS[isoWeekday - 1] ?? '?';
}

/** A time zone this engine cannot resolve falls back to UTC rather than breaking the caller. */
export function safeTimeZone(timeZone: string): { readonly zone: string; readonly valid: boolean } {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return { zone: timeZone, valid: true };
  } catch {
    return { zone: 'UTC', valid: false };
  }
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** Minutes since Monday 00:00 on the wall clock of the given zone at the given instant. */
export function minuteOfWeek(at: Date, timeZone: string): number {
  const { zone } = safeTimeZone(timeZone);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const dayIndex = WEEKDAYS.indexOf(get('weekday') as (typeof WEEKDAYS)[number]);
  const hour = Number(get('hour')) % 24;
  return Math.max(0, dayIndex) * 1440 + hour * 60 + Number(get('minute'));
}

/** Where the window starts, in minutes since Monday 00:00. */
export function windowStartMinute(w: Pick<WeeklyWindow, 'weekday' | 'startTime'>): number {
  const [h = 0, m = 0] = w.startTime.split(':').map(Number);
  return (w.weekday - 1) * 1440 + h * 60 + m;
}

/** The window seen from a minute of the week (see `minuteOfWeek`). */
export function windowPosition(w: WeeklyWindow, currentMinuteOfWeek: number): WindowPosition {
  const start = windowStartMinute(w);
  const sinceStart = mod(currentMinuteOfWeek - start, MINUTES_PER_WEEK);
  if (sinceStart < w.durationMinutes) return { open: true, endsInMinutes: w.durationMinutes - sinceStart };
  return { open: false, startsInMinutes: mod(start - currentMinuteOfWeek, MINUTES_PER_WEEK) };
}

/** The window seen at an instant, on the customer's clock. */
export function windowPositionAt(w: WeeklyWindow, at: Date, timeZone: string): WindowPosition {
  return windowPosition(w, minuteOfWeek(at, timeZone));
}

/** The minute of the week where the window closes (it may wrap past Sunday midnight). */
export function windowEndMinute(w: WeeklyWindow): number {
  return mod(windowStartMinute(w) + w.durationMinutes, MINUTES_PER_WEEK);
}
