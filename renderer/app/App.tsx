/** The app frame (container): routes to screens, global shortcuts, status, notices. */
import { useEffect } from 'react';
import { assertNever } from '../../shared/util/assertNever';
import { api } from '../api/client';
import { CustomerPage } from '../customers/CustomerPage';
import { CustomersScreen } from '../customers/CustomersScreen';
import { HandoverScreen } from '../handover/HandoverScreen';
import { IncidentsScreen } from '../incidents/IncidentsScreen';
import { InsightsScreen } from '../insights/InsightsScreen';
import { CommandPalette } from '../palette/CommandPalette';
import { usePalette } from '../palette/store';
import { PlaybooksScreen } from '../playbooks/PlaybooksScreen';
import { SyncScreen } from '../sync/SyncScreen';
import { navigate, type Route, SCREENS, useRouter } from './router';
import { AccessDenied, Nav, StatusBar, Toasts } from './Shell';
import { useApp } from './store';

function ScreenFor({ route }: { readonly route: Route }) {
  switch (route.screen) {
    case 'customers':
      return route.customerId ? <CustomerPage customerId={route.customerId} /> : <CustomersScreen />;
    case 'incidents':
      return <IncidentsScreen />;
    case 'playbooks':
      return <PlaybooksScreen />;
    case 'handover':
      return <HandoverScreen />;
    case 'insights':
      return <InsightsScreen />;
    case 'sync':
      return <SyncScreen />;
    default:
      return assertNever(route, 'route');
  }
}

export function App() {
  const route = useRouter((s) => s.route);
  const { info, theme, accessDenied, link, toasts } = useApp();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        usePalette.getState().toggle();
        return;
      }
      // Alt+1…6 jump between screens, in navigation order.
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-6]$/.test(event.code)) {
        const screen = SCREENS[Number(event.code.slice(5)) - 1];
        if (screen) {
          event.preventDefault();
          navigate(screen === 'customers' ? { screen, customerId: null } : { screen });
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (accessDenied) return <AccessDenied reason={accessDenied} />;

  // Keyed by route so each screen starts fresh (scroll, local state).
  const key = route.screen === 'customers' ? `customers:${route.customerId ?? ''}` : route.screen;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav
        current={route.screen}
        theme={theme}
        onToggleTheme={() => void useApp.getState().toggleTheme()}
        onPalette={() => usePalette.getState().show()}
      />
      <main id="main" className="main" tabIndex={-1}>
        <ScreenFor key={key} route={route} />
      </main>
      <StatusBar
        info={info.status === 'ready' ? info.value : null}
        infoFailed={info.status === 'failed'}
        transport={api.kind}
        host={window.location.host}
        link={link}
      />
      <CommandPalette />
      <Toasts toasts={toasts} onDismiss={(id) => useApp.getState().dismissToast(id)} />
    </div>
  );
}
