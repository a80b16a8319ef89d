/**
 * Hash routes (`#/customers/<id>`, `#/assets/<id>`, `#/blast?asset=<id>`): they work from
 * file:// in the desktop app and on the web host.
 */
import { create } from 'zustand';
import { assertNever } from '../../shared/util/assertNever';

/** The screens in the navigation, in Alt+1…8 order. */
export const SCREENS = [
  'incidents',
  'customers',
  'blast',
  'playbooks',
  'handover',
  'insights',
  'sync',
  'import',
] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_LABELS: Readonly<Record<Screen, string>> = {
  incidents: 'Incidents',
  customers: 'Customers',
  blast: 'Blast radius',
  playbooks: 'Playbooks',
  handover: 'Handover',
  insights: 'Insights',
  sync: 'Sync',
  import: 'Import',
};

/** Screens that are built; the others show what they will hold. */
export const BUILT_SCREENS: ReadonlySet<Screen> = new Set([
  'customers',
  'blast',
  'incidents',
  'playbooks',
  'handover',
  'insights',
  'sync',
  'import',
]);

export type BlastTarget = { readonly kind: 'asset' | 'vendor'; readonly id: string };

export type Route =
  | { readonly screen: 'customers'; readonly customerId: string | null; readonly view?: 'card' | 'graph' }
  | { readonly screen: 'asset'; readonly assetId: string }
  | { readonly screen: 'blast'; readonly target: BlastTarget | null }
  /** The local database's health and backups: reached from the status bar, not the navigation. */
  | { readonly screen: 'database' }
  /**
   * Screens that route inside themselves (#/playbooks/<id>/…, #/incidents/<id>?…): the
   * screen reads its own path segments and query parameters.
   */
  | {
      readonly screen: 'playbooks' | 'incidents' | 'handover';
      readonly path: readonly string[];
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly screen: Exclude<Screen, 'customers' | 'blast' | 'playbooks' | 'incidents' | 'handover'> };

export const DEFAULT_ROUTE: Route = { screen: 'customers', customerId: null };

/**
 * The navigation entry a route belongs to (asset pages live under Customers); null for the
 * Database page, which the status bar opens.
 */
export function navScreen(route: Route): Screen | null {
  if (route.screen === 'asset') return 'customers';
  if (route.screen === 'database') return null;
  return route.screen;
}

export function screenRoute(screen: Screen): Route {
  if (screen === 'customers') return { screen, customerId: null };
  if (screen === 'blast') return { screen, target: null };
  if (screen === 'playbooks' || screen === 'incidents' || screen === 'handover')
    return { screen, path: [], params: {} };
  return { screen };
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const parts = pathPart.split('/').filter(Boolean).map(safeDecode);
  const [head, id, sub] = parts;
  if (head === 'customers')
    return { screen: 'customers', customerId: id ?? null, view: id && sub === 'graph' ? 'graph' : 'card' };
  if (head === 'assets' && id) return { screen: 'asset', assetId: id };
  if (head === 'database') return { screen: 'database' };
  if (head === 'blast') {
    const asset = params.get('asset');
    const vendor = params.get('vendor');
    if (asset) return { screen: 'blast', target: { kind: 'asset', id: asset } };
    if (vendor) return { screen: 'blast', target: { kind: 'vendor', id: vendor } };
    return { screen: 'blast', target: null };
  }
  if (head === 'playbooks' || head === 'incidents' || head === 'handover') {
    return { screen: head, path: parts.slice(1), params: Object.fromEntries(params.entries()) };
  }
  const screen = SCREENS.find((s) => s === head);
  if (
    screen &&
    screen !== 'customers' &&
    screen !== 'blast' &&
    screen !== 'playbooks' &&
    screen !== 'incidents' &&
    screen !== 'handover'
  )
    return { screen };
  return DEFAULT_ROUTE;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'customers':
      if (!route.customerId) return '#/customers';
      return `#/customers/${encodeURIComponent(route.customerId)}${route.view === 'graph' ? '/graph' : ''}`;
    case 'asset':
      return `#/assets/${encodeURIComponent(route.assetId)}`;
    case 'blast':
      return route.target ? `#/blast?${route.target.kind}=${encodeURIComponent(route.target.id)}` : '#/blast';
    case 'playbooks':
    case 'incidents':
    case 'handover': {
      const path = route.path.map(encodeURIComponent).join('/');
      const query = new URLSearchParams(route.params).toString();
      return `#/${route.screen}${path ? `/${path}` : ''}${query ? `?${query}` : ''}`;
    }
    case 'import':
    case 'database':
    case 'insights':
    case 'sync':
      return `#/${route.screen}`;
    default:
      return assertNever(route, 'route');
  }
}

/** A stable key per page, so each page starts fresh (scroll, local state). */
export function routeKey(route: Route): string {
  return routeHref(route);
}

interface RouterState {
  readonly route: Route;
  navigate(route: Route): void;
}

export const useRouter = create<RouterState>()(() => ({
  route: parseRoute(window.location.hash),
  navigate(route) {
    const href = routeHref(route);
    if (window.location.hash !== href) window.location.hash = href;
  },
}));

window.addEventListener('hashchange', () => {
  useRouter.setState({ route: parseRoute(window.location.hash) });
});

export const navigate = (route: Route): void => useRouter.getState().navigate(route);

export const openAsset = (assetId: string): void => navigate({ screen: 'asset', assetId });
export const openCustomer = (customerId: string): void =>
  navigate({ screen: 'customers', customerId, view: 'card' });
