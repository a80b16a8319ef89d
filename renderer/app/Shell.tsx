/** Presentational pieces of the app frame: navigation, status bar, notices, access refusal. */

import type { AppInfo } from '../../shared/api/contract';
import type { AccessRefusal, LinkState } from '../api/client';
import { EngineerSwitcher } from '../handover';
import { IncidentNavBadge, IncidentStatusItem } from '../incidents/NavBadge';
import { SyncStatusItem } from '../sync/SyncStatusItem';
import { MOD_KEY } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { BUILT_SCREENS, routeHref, SCREEN_LABELS, SCREENS, type Screen, screenRoute } from './router';
import type { Toast } from './store';
import './app.css';

export function Nav({
  current,
  theme,
  onToggleTheme,
  onPalette,
}: {
  readonly current: Screen | null;
  readonly theme: 'dark' | 'light';
  readonly onToggleTheme: () => void;
  readonly onPalette: () => void;
}) {
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          <Icon name="pulse" size={18} />
        </span>
        <span className="brand__name">Lifeline</span>
      </div>
      <button type="button" className="nav__palette" onClick={onPalette}>
        <Icon name="search" size={14} />
        <span>Jump to…</span>
        <kbd className="kbd">{MOD_KEY} K</kbd>
      </button>
      <ul className="nav__list">
        {SCREENS.map((screen, i) => (
          <li key={screen}>
            <a
              href={routeHref(screenRoute(screen))}
              className={`nav__item${current === screen ? ' nav__item--current' : ''}`}
              aria-current={current === screen ? 'page' : undefined}
              title={`${SCREEN_LABELS[screen]} (Alt+${i + 1})`}
            >
              <Icon name={screen} size={17} />
              <span>{SCREEN_LABELS[screen]}</span>
              {screen === 'incidents' ? (
                <IncidentNavBadge />
              ) : (
                !BUILT_SCREENS.has(screen) && <span className="nav__soon">soon</span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <div className="nav__foot">
        <button type="button" className="nav__item nav__theme" onClick={onToggleTheme}>
          <Icon name="theme" size={17} />
          <span>{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
        </button>
      </div>
    </nav>
  );
}

function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - 1) / 2);
  return `${text.slice(0, keep)}…${text.slice(text.length - keep)}`;
}

export function StatusBar({
  info,
  infoFailed,
  transport,
  host,
  link,
}: {
  readonly info: AppInfo | null;
  readonly infoFailed: boolean;
  readonly transport: 'ipc' | 'web';
  readonly host: string;
  readonly link: LinkState;
}) {
  return (
    <footer className="statusbar">
      {info?.demo && (
        <span
          className="statusbar__demo"
          title="This database holds generated demo customers, not real ones."
        >
          DEMO DATA
        </span>
      )}
      {info ? (
        <>
          <a
            className="statusbar__item statusbar__db statusbar__link"
            href="#/database"
            title={`${info.dbPath}: health and backups`}
          >
            <span className="statusbar__key">DB</span>
            <span className="statusbar__path">{middleEllipsis(info.dbPath, 56)}</span>
          </a>
          <span className="statusbar__item">
            <span className="statusbar__key">Schema</span> v{info.schemaVersion}
          </span>
          <span className="statusbar__item">
            {info.counts.customers.toLocaleString('en-US')} customers ·{' '}
            {info.counts.assets.toLocaleString('en-US')} assets ·{' '}
            {info.counts.playbooks.toLocaleString('en-US')} playbooks
          </span>
        </>
      ) : (
        <span className="statusbar__item">
          {infoFailed ? 'Database details unavailable' : 'Opening database…'}
        </span>
      )}
      <span className="statusbar__spacer" />
      <IncidentStatusItem />
      <span className="statusbar__item" title="Who is at the keyboard: recorded with every action">
        <EngineerSwitcher compact />
      </span>
      <SyncStatusItem />
      <span className="statusbar__item">
        <span className={`dot dot--${link}`} />
        {transport === 'ipc' ? 'Desktop' : `Web · ${host}`}
        {link === 'reconnecting' && ' · live updates reconnecting…'}
      </span>
      {info && <span className="statusbar__item statusbar__version">v{info.version}</span>}
    </footer>
  );
}

export function Toasts({
  toasts,
  onDismiss,
}: {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
}) {
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast--${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
        >
          {toast.tone === 'error' && <Icon name="warning" size={18} />}
          <div className="toast__body">
            <p className="toast__title">{toast.title}</p>
            {toast.detail && <p className="toast__detail">{toast.detail}</p>}
            {toast.hint && <p className="toast__hint">{toast.hint}</p>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => onDismiss(toast.id)}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

export function AccessDenied({ reason }: { readonly reason: AccessRefusal }) {
  return (
    <main className="access-denied" role="alert">
      <div className="access-denied__box">
        <span className="brand__mark brand__mark--large" aria-hidden="true">
          <Icon name="pulse" size={28} />
        </span>
        <h1>
          This console needs the link printed by <code>lifeline serve</code> (it carries an access token)
        </h1>
        {reason === 'token' ? (
          <p>
            The address you opened has no valid token, or the host was restarted with a new one. Go to the
            terminal where <code>lifeline serve</code> runs and open the full{' '}
            <code>http://127.0.0.1:…/?token=…</code> link it printed.
          </p>
        ) : (
          <p>
            The host only answers pages opened at <code>127.0.0.1</code> (not <code>localhost</code> or
            another name). Open the exact <code>http://127.0.0.1:…/?token=…</code> link printed by{' '}
            <code>lifeline serve</code>.
          </p>
        )}
      </div>
    </main>
  );
}
