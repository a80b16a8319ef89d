/** Weekly median time-to-restore (line) and target breaches (bars) with uPlot. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RestorationRow } from '../../shared/insights/model';
import { duration, utcDay } from './format';

/** Seconds: uPlot's time scale counts in seconds. */
const HALF_WEEK = 3.5 * 24 * 3600;

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function TrendChart({ weeks }: { readonly weeks: readonly RestorationRow[] }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el || weeks.length === 0) return;
    const xs = weeks.map((w) => Date.parse(`${w.key}T00:00:00Z`) / 1000);
    const ttr = weeks.map((w) => w.ttrMedian);
    const breaches = weeks.map((w) => w.breaches);
    const axis = {
      stroke: cssVar('--muted', '#7d8898'),
      grid: { stroke: cssVar('--border', '#252e3a'), width: 1 },
    };
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 220,
        // Weeks are UTC weeks: label them in UTC too, whatever this machine's zone is.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: {
          // Half a week either side so the first and last bars are not cut at the edges.
          x: { time: true, range: (_u, lo, hi) => [lo - HALF_WEEK, hi + HALF_WEEK] },
          min: { auto: true },
          n: { auto: true, range: (_u, _lo, hi) => [0, Math.max(2, hi)] },
        },
        axes: [
          // Dates as the rest of the console writes them ("2 Dec"), not uPlot's US "12/2".
          { ...axis, values: (_u, splits) => splits.map((s) => utcDay(s, true)) },
          { ...axis, scale: 'min', label: 'median TTR (min)' },
          {
            ...axis,
            scale: 'n',
            side: 1,
            label: 'breaches',
            grid: { show: false },
            incrs: [1, 2, 5, 10, 20, 50, 100],
          },
        ],
        series: [
          // The legend shows the hovered week; with none hovered it says so instead of uPlot's "--".
          { label: 'Week (UTC)', value: (_u, v) => (v === null ? 'point at a week' : `of ${utcDay(v)}`) },
          {
            label: 'Median TTR',
            scale: 'min',
            stroke: cssVar('--accent', '#38c2a6'),
            width: 2,
            points: { show: true },
            value: (_u, v) => (v === null ? '' : duration(v)),
          },
          {
            label: 'Breaches',
            value: (_u, v) => (v === null ? '' : String(v)),
            scale: 'n',
            stroke: cssVar('--danger', '#ff6b6b'),
            fill: cssVar('--danger-bg', 'rgba(255,107,107,0.12)'),
            paths: uPlot.paths.bars?.({ size: [0.5, 40] }),
            points: { show: false },
          },
        ],
      },
      [xs, ttr, breaches],
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(320, el.clientWidth), height: 220 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [weeks]);

  return (
    <div
      ref={host}
      className="ins-chart"
      role="img"
      aria-label="Weekly median time to restore and breaches"
    />
  );
}
