/** Hash routes (`#/customers/<id>`): they work from file:// in the desktop app and on the web host. */
import { create } from 'zustand';

export const SCREENS = ['incidents', 'customers', 'playbooks', 'handover', 'insights', 'sync'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_LABELS: Readonly<Record<Screen, string>> = {
  incidents: 'Incidents',
  customers: 'Customers',
  playbooks: 'Playbooks',
  handover: 'Handover',
  insights: 'Insights',
  sync: 'Sync',
};

export type Route =
  | { readonly screen: 'customers'; readonly customerId: string | null }
  | { readonly screen: Exclude<Screen, 'customers'> };

export const DEFAULT_ROUTE: Route = { screen: 'customers', customerId: null };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id] = parts;
  if (head === 'customers') return { screen: 'customers', customerId: id ?? null };
  const screen = SCREENS.find((s) => s === head);
  if (screen && screen !== 'customers') return { screen };
  return DEFAULT_ROUTE;
}

export function routeHref(route: Route): string {
  if (route.screen === 'customers' && route.customerId)
    return `#/customers/${encodeURIComponent(route.customerId)}`;
  return `#/${route.screen}`;
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
