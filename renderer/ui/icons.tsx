/** Small stroke icons drawn in JSX (no icon font, no remote assets). */
import type { ReactElement } from 'react';

export type IconName =
  | 'incidents'
  | 'customers'
  | 'playbooks'
  | 'handover'
  | 'insights'
  | 'sync'
  | 'search'
  | 'phone'
  | 'mail'
  | 'clock'
  | 'warning'
  | 'back'
  | 'theme'
  | 'close'
  | 'arrow'
  | 'server'
  | 'building'
  | 'pulse';

const paths: Record<IconName, ReactElement> = {
  incidents: <path d="M12 3l9 16H3L12 3zm0 6v4m0 3v.5" />,
  customers: (
    <>
      <circle cx="9" cy="8" r="3.2" />
      <path d="M3 19c.6-3.2 3-5 6-5s5.4 1.8 6 5M16 5.5a3 3 0 010 5.6M18 14c1.7.6 2.7 2.3 3 5" />
    </>
  ),
  playbooks: <path d="M5 4h10l4 4v12H5V4zm10 0v4h4M8 12h8M8 16h6" />,
  handover: <path d="M4 8h13l-3-3M20 16H7l3 3" />,
  insights: <path d="M4 20V10m6 10V4m6 16v-7m4 7H3" />,
  sync: <path d="M20 11a8 8 0 00-14.5-4.5L4 8m0-4v4h4M4 13a8 8 0 0014.5 4.5L20 16m0 4v-4h-4" />,
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M20 20l-4.5-4.5" />
    </>
  ),
  phone: (
    <path d="M6.5 3.5l3 .5 1.5 4-2 1.5a11 11 0 005.5 5.5l1.5-2 4 1.5.5 3c0 1-1 2-2 2A16 16 0 014.5 5.5c0-1 1-2 2-2z" />
  ),
  mail: <path d="M3.5 6h17v12h-17V6zm0 0l8.5 7 8.5-7" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  warning: <path d="M12 3.5l9.5 16.5h-19L12 3.5zM12 10v4.5m0 2.5v.5" />,
  back: <path d="M15 5l-7 7 7 7" />,
  theme: <path d="M20 14.5A8.5 8.5 0 019.5 4a8.5 8.5 0 1010.5 10.5z" />,
  close: <path d="M6 6l12 12M18 6L6 18" />,
  arrow: <path d="M5 12h14m-5-5l5 5-5 5" />,
  server: <path d="M4 4h16v6H4V4zm0 10h16v6H4v-6zm3-7h.5m-.5 10h.5" />,
  pulse: <path d="M2 12h5l2.5-6 4 12 2.5-6H22" />,
  building: <path d="M4 20V6l8-3v17M12 8l8 3v9M3 20h18M7 9h2m-2 4h2m-2 4h2m6-4h2m-2 4h2" />,
};

export function Icon({ name, size = 16 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
