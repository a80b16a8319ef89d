/**
 * The restore clock and the time words of the incident screens (pure): how long is left
 * before the restore target is breached, and how times read to an engineer at 3 a.m.
 */

/** Less than this share of the target left counts as approaching the deadline. */
export const APPROACHING_SHARE = 0.25;

export type ClockState = 'ok' | 'approaching' | 'breached' | 'restored';

export interface RestoreClock {
  readonly state: ClockState;
  /** Time since the clock started (until restored, once restored). */
  readonly elapsedMs: number;
  /** Time left before the deadline; negative once breached. */
  readonly leftMs: number;
  readonly targetMs: number;
  /** Elapsed share of the target, 0…1+ (over 1 once breached). */
  readonly share: number;
  /** For a restored incident: whether it was restored within the target. */
  readonly metTarget: boolean | null;
}

export function restoreClock(
  input: {
    readonly clockStartAt: string;
    readonly deadlineAt: string;
    readonly targetMinutes: number;
    readonly restoredAt: string | null;
  },
  now: number,
): RestoreClock {
  const start = Date.parse(input.clockStartAt);
  const deadline = Date.parse(input.deadlineAt);
  const targetMs = Math.max(1, input.targetMinutes * 60_000);
  const restored = input.restoredAt ? Date.parse(input.restoredAt) : Number.NaN;
  const until = Number.isFinite(restored) ? restored : now;
  const elapsedMs = Number.isFinite(start) ? Math.max(0, until - start) : 0;
  const leftMs = Number.isFinite(deadline) ? deadline - until : targetMs - elapsedMs;
  const share = elapsedMs / targetMs;
  if (Number.isFinite(restored))
    return { state: 'restored', elapsedMs, leftMs, targetMs, share, metTarget: leftMs >= 0 };
  const state: ClockState =
    leftMs < 0 ? 'breached' : leftMs < targetMs * APPROACHING_SHARE ? 'approaching' : 'ok';
  return { state, elapsedMs, leftMs, targetMs, share, metTarget: null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A running clock: "47:05", "1:02:05", "2d 03:10:00". */
export function clockDigits(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  if (d > 0) return `${d}d ${pad(h)}:${pad(m)}:${pad(s)}`;
  if (h > 0) return `${h}:${pad(m)}:${pad(s)}`;
  return `${pad(m)}:${pad(s)}`;
}

/** A short time-left label for tight spots (navigation): "12:04", "5 h", "1 d 21 h". */
export function compactDigits(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 3_600_000) return clockDigits(abs);
  const hours = Math.floor(abs / 3_600_000);
  if (hours < 24) return `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A duration in words for sentences: "42 s", "12 min", "1 h 05 min", "3 d 4 h". */
export function durationWords(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A target in minutes, as agreed: "30 min", "4 h", "1 h 30 min", "3 d". */
export function targetWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "just now", "4 min ago", "2 h 10 min ago"; "in 5 min" for the future. */
export function relativeWords(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const diff = now - t;
  if (Math.abs(diff) < 45_000) return 'just now';
  return diff > 0 ? `${durationWords(diff)} ago` : `in ${durationWords(diff)}`;
}

/** The engineer's own local time of day, to the second: "03:12:04". */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local date and time when it is not today: "Tue 12 Mar 03:12". */
export function localStamp(iso: string, now: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date(now);
  const sameDay = d.toDateString() === today.toDateString();
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (sameDay) return hm;
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  return `${day} ${hm}`;
}

/** A value for <input type="datetime-local"> in local time, from an ISO time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Per-step timer: time since the previous recorded step (or the run's start) against the box. */
export function stepOverBox(elapsedMs: number, timeboxMinutes: number | null): boolean {
  return timeboxMinutes !== null && timeboxMinutes > 0 && elapsedMs > timeboxMinutes * 60_000;
}
