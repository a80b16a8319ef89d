/** How Insights writes its figures: the same words as the rest of the console. */
import { durationWords } from '../incidents/clock';

/**
 * Minutes as the rest of the console writes a duration ("42 s", "12 min", "4 h 34 min"): one
 * formatter for every figure on the screen, the chart's legend included.
 */
export function duration(minutes: number | null): string {
  return minutes === null ? '—' : durationWords(minutes * 60_000);
}

/** A UTC day as the console writes dates ("2 Dec 2026"; short: "2 Dec"), not the US "12/2". */
export function utcDay(seconds: number, short = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(short ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(new Date(seconds * 1000));
}
