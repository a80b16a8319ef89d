/** Times as the sync UI says them: "2 min ago", "in 40 s", "12:04", "Tue 13 May 2025, 14:03". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parse(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** How long, in words: "40 s", "4 min", "3 h", "3 days". */
export function spanInWords(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return `${Math.max(1, Math.round(abs / 1000))} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  const days = Math.floor(abs / DAY);
  return `${days} days`;
}

/** "just now", "2 min ago", "3 h ago", "4 days ago". */
export function ago(iso: string, now: number): string {
  const t = parse(iso);
  if (t === null) return iso;
  const ms = now - t;
  if (ms < 45_000) return 'just now';
  return `${spanInWords(ms)} ago`;
}

/** "in 40 s", "in 3 min", or "now" once the moment has passed. */
export function fromNow(iso: string, now: number): string {
  const t = parse(iso);
  if (t === null) return iso;
  const ms = t - now;
  if (ms <= 1000) return 'now';
  return `in ${spanInWords(ms)}`;
}

/** Wall-clock time on this machine, 24-hour: "12:04". */
export function clockTime(iso: string): string {
  const t = parse(iso);
  if (t === null) return iso;
  return new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** Date and time on this machine: "Tue 13 May 2025, 14:03". */
export function absolute(iso: string): string {
  const t = parse(iso);
  if (t === null) return iso;
  return new Date(t).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "850 ms", "1.2 s", "2 min 05 s". */
export function durationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  const m = Math.floor(ms / MINUTE);
  const s = Math.round((ms - m * MINUTE) / 1000);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

export function ageMs(iso: string, now: number): number | null {
  const t = parse(iso);
  return t === null ? null : now - t;
}

export { DAY, HOUR, MINUTE };
