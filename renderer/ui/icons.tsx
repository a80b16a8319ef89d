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
  | 'pulse'
  | 'blast'
  | 'graph'
  | 'copy'
  | 'external'
  | 'edit'
  | 'plus'
  | 'layers'
  | 'import'
  | 'check'
  | 'chevron'
  | 'key'
  | 'restore';

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
  blast: (
    <>
      <circle cx="12" cy="12" r="2.5" />
      <path d="M12 3v3m0 12v3M3 12h3m12 0h3M5.6 5.6l2.1 2.1m8.6 8.6l2.1 2.1m0-12.8l-2.1 2.1m-8.6 8.6l-2.1 2.1" />
    </>
  ),
  graph: (
    <>
      <rect x="9" y="3" width="6" height="5" rx="1" />
      <rect x="3" y="16" width="6" height="5" rx="1" />
      <rect x="15" y="16" width="6" height="5" rx="1" />
      <path d="M12 8v4M6 16v-4h12v4" />
    </>
  ),
  copy: <path d="M9 9h10v11H9V9zm-4 6V4h10" />,
  external: <path d="M14 4h6v6m0-6l-9 9M18 14v6H4V6h6" />,
  edit: <path d="M4 20h4L19 9l-4-4L4 16v4zm9-13l4 4" />,
  plus: <path d="M12 5v14M5 12h14" />,
  layers: <path d="M12 3l9 5-9 5-9-5 9-5zm-9 9l9 5 9-5M3 16l9 5 9-5" />,
  import: <path d="M12 4v11m-4.5-4.5L12 15l4.5-4.5M4 15v5h16v-5" />,
  check: <path d="M5 12.5l4.5 4.5L19 7.5" />,
  chevron: <path d="M9 5l7 7-7 7" />,
  key: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="M11 12l8-8m-3 3l2 2m-4 0l2 2" />
    </>
  ),
  restore: <path d="M4 12a8 8 0 108-8 8 8 0 00-6 2.7L4 9m0-5v5h5M12 8v4l3 2" />,
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
