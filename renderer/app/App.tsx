/** The app frame (container): routes to screens, global shortcuts, status, notices. */
import { lazy, Suspense, useEffect } from 'react';
import { assertNever } from '../../shared/util/assertNever';
import { api } from '../api/client';
import { AssetPage } from '../assets/AssetPage';
import { CustomerPage } from '../customers/CustomerPage';
import { CustomersScreen } from '../customers/CustomersScreen';
import { DamageNotice } from '../database/DamageNotice';
import { watchDatabase } from '../database/store';
import { CustomerEditor } from '../editing';
import { useAlertPasteKeys } from '../incidents/intake';
import { CommandPalette } from '../palette/CommandPalette';
import { usePalette } from '../palette/store';
import { useGlobalEditors } from './globalEditors';
import {
  navigate,
  navScreen,
  openCustomer,
  type Route,
  routeKey,
  SCREENS,
  screenRoute,
  useRouter,
} from './router';
import { AccessDenied, Nav, StatusBar, Toasts } from './Shell';
import { markReady, useApp } from './store';

function ScreenFor({ route }: { readonly route: Route }) {
  switch (route.screen) {
    case 'customers':
      if (!route.customerId) return <CustomersScreen />;
      return route.view === 'graph' ? (
        <Suspense fallback={null}>
          <GraphPage customerId={route.customerId} />
        </Suspense>
      ) : (
        <CustomerPage customerId={route.customerId} />
      );
    case 'asset':
      return <AssetPage assetId={route.assetId} />;
    case 'blast':
      return <BlastScreen target={route.target} />;
    case 'import':
      return <ImportRoute />;
    case 'database':
      return <DatabaseScreen />;
    case 'incidents':
      return <IncidentsScreen path={route.path} params={route.params} />;
    case 'playbooks':
      return <PlaybooksScreen path={route.path} params={route.params} />;
    case 'handover':
      return <HandoverScreen path={route.path} params={route.params} />;
    case 'insights':
      return <InsightsScreen />;
    case 'sync':
      return <SyncScreen />;
    default:
      return assertNever(route, 'route');
  }
}

// The graph library is only needed on the graph page: keep it out of the start-up bundle.
const GraphPage = lazy(() => import('../customers/GraphPage').then((m) => ({ default: m.GraphPage })));
// Screens away from the customer list load on first visit, so the console opens sooner.
const BlastScreen = lazy(() => import('../blast/BlastScreen').then((m) => ({ default: m.BlastScreen })));
const HandoverScreen = lazy(() =>
  import('../handover/HandoverScreen').then((m) => ({ default: m.HandoverScreen })),
);
const ImportScreen = lazy(() => import('../imports/ImportScreen').then((m) => ({ default: m.ImportScreen })));
const IncidentsScreen = lazy(() =>
  import('../incidents/IncidentsScreen').then((m) => ({ default: m.IncidentsScreen })),
);
const PlaybooksScreen = lazy(() =>
  import('../playbooks/PlaybooksScreen').then((m) => ({ default: m.PlaybooksScreen })),
);
const InsightsScreen = lazy(() =>
  import('../insights/InsightsScreen').then((m) => ({ default: m.InsightsScreen })),
);
const DatabaseScreen = lazy(() =>
  import('../database/DatabaseScreen').then((m) => ({ default: m.DatabaseScreen })),
);
const SyncScreen = lazy(() => import('../sync/SyncScreen').then((m) => ({ default: m.SyncScreen })));

/** The import screen belongs to the imports slice; the frame only marks the page ready. */
function ImportRoute() {
  useEffect(() => markReady(), []);
  return <ImportScreen />;
}

/**
 * After Alt+N, focus goes into the screen it opened (a screen that focuses a control of its
 * own keeps that; otherwise its heading), not <body>, so the keyboard and a screen reader
 * carry on from there. Screens load lazily: wait for the heading a few frames.
 */
function focusScreenSoon(key: string): void {
  const main = document.getElementById('main');
  if (!main) return;
  // Leaving a screen, its heading stays a moment (the next one loads lazily): wait for the new one.
  const old = routeKey(useRouter.getState().route) === key ? null : main.querySelector('h1');
  const tryFocus = (): boolean => {
    if (routeKey(useRouter.getState().route) !== key) return false;
    const active = document.activeElement;
    if (active && active !== main && main.contains(active) && !old?.contains(active)) return true;
    const heading = main.querySelector<HTMLElement>('h1');
    if (!heading || heading === old) return false;
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    return document.activeElement === heading;
  };
  if (tryFocus()) return;
  const watch = new MutationObserver(() => {
    if (tryFocus()) watch.disconnect();
  });
  watch.observe(main, { childList: true, subtree: true });
  setTimeout(() => watch.disconnect(), 3000);
}

export function App() {
  const route = useRouter((s) => s.route);
  const { info, theme, accessDenied, link, toasts } = useApp();
  const newCustomer = useGlobalEditors((s) => s.newCustomer);
  useAlertPasteKeys(!accessDenied);
  useEffect(() => {
    if (!accessDenied) watchDatabase();
  }, [accessDenied]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        usePalette.getState().toggle();
        return;
      }
      // Alt+1…7 jump between screens, in navigation order.
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)) {
        const screen = SCREENS[Number(event.code.slice(5)) - 1];
        if (screen) {
          event.preventDefault();
          const route = screenRoute(screen);
          navigate(route);
          focusScreenSoon(routeKey(route));
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (accessDenied) return <AccessDenied reason={accessDenied} />;

  // Keyed by route so each screen starts fresh (scroll, local state).
  const key = routeKey(route);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav
        current={navScreen(route)}
        theme={theme}
        onToggleTheme={() => void useApp.getState().toggleTheme()}
        onPalette={() => usePalette.getState().show()}
      />
      <main id="main" className="main" tabIndex={-1}>
        <DamageNotice />
        <Suspense fallback={null}>
          <ScreenFor key={key} route={route} />
        </Suspense>
      </main>
      <StatusBar
        info={info.status === 'ready' ? info.value : null}
        infoFailed={info.status === 'failed'}
        transport={api.kind}
        host={window.location.host}
        link={link}
      />
      <CommandPalette />
      {newCustomer && (
        <CustomerEditor
          customerId={null}
          onClose={(savedId) => {
            useGlobalEditors.getState().close();
            if (savedId) openCustomer(savedId);
          }}
        />
      )}
      <Toasts toasts={toasts} onDismiss={(id) => useApp.getState().dismissToast(id)} />
    </div>
  );
}
