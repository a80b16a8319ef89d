/**
 * Starting an incident (container): paste what the pager sent, see what it matched and why,
 * correct customer, assets, severity and title, and open it with one confirmation. Reachable
 * without an alert too, with the customer (and asset) already chosen.
 */
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import { SEVERITIES, type Severity } from '../../shared/catalog/labels';
import type { CustomerDetail, CustomerSummary, Topology } from '../../shared/catalog/schemas';
import { ALERT_FORMAT_LABELS, ALERT_FORMATS } from '../../shared/incidents/alert';
import type { AlertMatch } from '../../shared/incidents/model';
import { assertNever } from '../../shared/util/assertNever';
import { api } from '../api/client';
import { adviseOn } from '../app/errors';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { useHandover } from '../handover/store';
import { shouldAskWhoIsOn, WhoIsOn } from '../handover/WhoIsOn';
import { KindTag } from '../ui/assetBits';
import { Kbd } from '../ui/feedback';
import { isTypingTarget, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { PickerOption } from '../ui/PickerOption';
import { formatWords, hostFirst, severityWords } from './alertText';
import { durationWords, localStamp, localTime, targetWords } from './clock';
import { receiveAlerts, takePendingAlert } from './intake';
import './start.css';

type Parse =
  | { readonly state: 'idle' }
  | { readonly state: 'parsing' }
  | { readonly state: 'done'; readonly match: AlertMatch; readonly text: string }
  | { readonly state: 'refused'; readonly message: string };

type AssetChoice = Readonly<Pick<Topology['assets'][number], 'id' | 'name' | 'kind' | 'hostname'>> & {
  readonly why?: string;
};

/**
 * What the engineer can do once the alert is read: open a new incident (a resolved one only
 * when asked), mark the open incident it is about restored, or go to it when it repeats.
 */
type Intent = 'open' | 'open_resolved' | 'mark_restored' | 'attach';

const backToBoard = () => navigate({ screen: 'incidents', path: [], params: {} });
const toIncident = (id: string) => navigate({ screen: 'incidents', path: [id], params: {} });

/** The action Enter takes for what intake proposes; null when there is nothing to do. */
function primaryIntent(match: AlertMatch | null): Intent | null {
  if (!match) return 'open';
  switch (match.next) {
    case 'open_incident':
      return 'open';
    case 'mark_restored':
      return match.openIncident ? 'mark_restored' : 'open';
    case 'attach_to_incident':
      return match.openIncident ? 'attach' : 'open';
    case 'nothing_open':
      return null;
    default:
      return assertNever(match.next, 'intake next');
  }
}

export function StartIncident({ params }: { readonly params: Readonly<Record<string, string>> }) {
  const now = useNow(15_000).getTime();
  const [text, setText] = useState('');
  const [parse, setParse] = useState<Parse>({ state: 'idle' });
  const [customerId, setCustomerId] = useState<string | null>(params.customer ?? null);
  const [customer, setCustomer] = useState<CustomerDetail | null>(null);
  const [customerError, setCustomerError] = useState<ApiError | null>(null);
  const [topology, setTopology] = useState<Topology | null>(null);
  const [assets, setAssets] = useState<readonly AssetChoice[]>([]);
  const [severity, setSeverity] = useState<Severity>('sev2');
  const [severityGuessed, setSeverityGuessed] = useState(false);
  const [title, setTitle] = useState('');
  const [symptom, setSymptom] = useState('');
  const [fromAlertTime, setFromAlertTime] = useState(true);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [askingWho, setAskingWho] = useState<Intent | null>(null);
  /** Counts alerts read, so focus moves once the screen shows what this one proposes. */
  const [matched, setMatched] = useState(0);
  const alertRef = useRef<HTMLTextAreaElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);

  useEffect(() => markReady(), []);
  // Who is at the keyboard decides whether "Who is on?" is asked before opening.
  useEffect(() => {
    void useHandover.getState().loadPeople();
  }, []);

  // An alert pasted on another screen (or read from the clipboard by P) is matched at once;
  // so is one pasted here outside the alert box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    const take = (pasted: string | null) => {
      if (pasted === null) {
        alertRef.current?.focus();
        return;
      }
      setText(pasted);
      void runParse(pasted);
    };
    const pasted = takePendingAlert();
    if (pasted !== null) take(pasted);
    return receiveAlerts(take);
  }, []);

  // Where the engineer starts typing: the alert box when pasting, else the title or customer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    if (params.paste === '1' || (!params.customer && !params.asset)) alertRef.current?.focus();
    else titleRef.current?.focus();
  }, []);

  // An asset named in the address (from the asset page) brings its customer along.
  useEffect(() => {
    const assetId = params.asset;
    if (!assetId) return;
    let live = true;
    void api.call('asset:get', { id: assetId }).then((result) => {
      if (!live || !result.ok) return;
      const a = result.value;
      setCustomerId((c) => c ?? a.customer.id);
      setAssets((list) =>
        list.some((x) => x.id === a.id)
          ? list
          : [...list, { id: a.id, name: a.name, kind: a.kind, hostname: a.hostname }],
      );
      setTitle((t) => t || `${a.name} is down`);
    });
    return () => {
      live = false;
    };
  }, [params.asset]);

  useEffect(() => {
    setCustomer(null);
    setTopology(null);
    setCustomerError(null);
    if (!customerId) return;
    let live = true;
    void api.call('customer:get', { id: customerId }).then((result) => {
      if (!live) return;
      if (result.ok) setCustomer(result.value);
      else setCustomerError(result.error);
    });
    void api.call('customer:topology', { id: customerId }).then((result) => {
      if (live && result.ok) setTopology(result.value);
    });
    return () => {
      live = false;
    };
  }, [customerId]);

  // Reviewed at a glance, confirmed with Enter: the primary action takes focus when the alert
  // names the customer or its open incident. After the render, since the action may have moved.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per alert read
  useEffect(() => {
    if (matched === 0 || parse.state !== 'done') return;
    // Not from under a dialog (the palette, "Who is on?") the engineer is typing in.
    if (document.activeElement?.closest('[role="dialog"]')) return;
    const next =
      parse.match.customer || parse.match.openIncident
        ? document.querySelector<HTMLElement>('[data-primary-action]')
        : document.getElementById('inc-customer-search');
    next?.focus();
  }, [matched]);

  const runParse = async (raw: string) => {
    if (!raw.trim()) {
      setParse({
        state: 'refused',
        message: 'The alert box is empty: paste what the pager sent, then match it.',
      });
      alertRef.current?.focus();
      return;
    }
    setParse({ state: 'parsing' });
    const result = await api.call('alert:parse', { text: raw });
    if (!result.ok) {
      const advice = adviseOn(result.error, 'read this alert');
      setParse({ state: 'refused', message: `${advice.title}. ${advice.detail}` });
      return;
    }
    const match = result.value;
    setParse({ state: 'done', match, text: raw });
    if (match.customer) setCustomerId(match.customer.id);
    setMatched((n) => n + 1);
    // The host the alert names goes first: the playbook runs on it unless the engineer picks another.
    setAssets(
      hostFirst(raw, match).map((a) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        hostname: a.hostname,
        why: a.why,
      })),
    );
    if (match.severity) {
      setSeverity(match.severity);
      setSeverityGuessed(true);
    }
    if (match.title) setTitle(match.title);
    if (match.symptoms.length) setSymptom(match.symptoms.join(', '));
    setFromAlertTime(true);
  };

  const match = parse.state === 'done' ? parse.match : null;
  // A recovery's time is when the problem ended: it never starts a restore clock.
  const alertStart = match?.state === 'firing' ? match.alertAt : null;
  const clockStart = alertStart && fromAlertTime ? alertStart : null;
  const target = customer ? customer.restoreTargets[severity] : null;

  const primary = primaryIntent(match);
  const alertTime = match?.alertAt ? localStamp(match.alertAt, now) : null;

  const act = async (intent: Intent) => {
    if (opening) return;
    const about = match?.openIncident ?? null;
    if (intent === 'open' || intent === 'open_resolved') {
      if (!customerId) {
        setMissing('Choose the customer first: search by name or code.');
        document.getElementById('inc-customer-search')?.focus();
        return;
      }
      if (!title.trim()) {
        setMissing('Give the incident a title: what is broken, in a few words.');
        titleRef.current?.focus();
        return;
      }
    } else if (!about) return;
    setMissing(null);
    if (shouldAskWhoIsOn()) {
      setAskingWho(intent);
      return;
    }
    setOpening(true);
    setOpenError(null);
    const result = await perform(intent, about?.id ?? '');
    setOpening(false);
    if (!result.ok) {
      setOpenError(result.error);
      return;
    }
    toIncident(result.value.state.id);
  };

  const perform = (intent: Intent, incidentId: string) => {
    switch (intent) {
      case 'open':
      case 'open_resolved':
        return openNew(intent === 'open_resolved');
      case 'mark_restored':
        return api.call('incident:record', {
          incidentId,
          action: {
            type: 'restored',
            ...(match?.alertAt ? { at: match.alertAt } : {}),
            summary: `Recovery alert (${formatWords(match?.format ?? 'text')}): ${match?.title ?? ''}`.slice(
              0,
              5000,
            ),
          },
        });
      case 'attach':
        return api.call('incident:record', {
          incidentId,
          action: {
            type: 'note',
            text: `The alert repeated${match?.alertAt ? ` at ${new Date(match.alertAt).toISOString()}` : ''}: ${match?.title ?? ''}`,
          },
        });
      default:
        return assertNever(intent, 'intent');
    }
  };

  const openNew = (resolved: boolean) => {
    const alertText = match ? (parse.state === 'done' ? parse.text : '') : '';
    return api.call('incident:open', {
      customerId: customerId ?? '',
      title: title.trim(),
      severity,
      ...(symptom.trim() ? { symptom: symptom.trim() } : {}),
      ...(assets.length ? { assetIds: assets.map((a) => a.id) } : {}),
      ...(clockStart ? { clockStartAt: clockStart } : {}),
      source: match ? 'pasted alert' : params.asset ? 'asset page' : 'manual',
      ...(match
        ? {
            alert: {
              format: match.format,
              excerpt: alertText.slice(0, 4000),
              state: match.state,
              ...(match.fingerprint ? { fingerprint: match.fingerprint.slice(0, 200) } : {}),
            },
          }
        : {}),
      ...(resolved ? { openResolved: true } : {}),
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (primary === null) backToBoard();
    else void act(primary);
  };

  const onAlertKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void runParse(text);
    }
  };

  // Esc leaves (when not typing); Enter anywhere outside a field opens the incident.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Escape' && !isTypingTarget(event.target)) {
        event.preventDefault();
        backToBoard();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Enter's action and its alternatives: at the foot of the form when it opens an incident,
  // above the fields (which then serve "open anyway") when the alert is about one already open.
  const submitRow = (
    <div className="inc-new__submit">
      <button
        type="submit"
        className="button button--primary inc-new__open"
        disabled={opening}
        data-primary-action
        data-testid={primaryTestId(primary)}
      >
        {opening ? 'Working…' : primaryLabel(primary, match, alertTime)}{' '}
        <kbd className="kbd kbd--on-primary">Enter</kbd>
      </button>
      {primary === 'mark_restored' && match?.openIncident && (
        <button
          type="button"
          className="button"
          data-testid="go-without-marking"
          onClick={() => match.openIncident && toIncident(match.openIncident.id)}
        >
          Open the incident without marking it
        </button>
      )}
      {primary === 'attach' && (
        <button
          type="button"
          className="button"
          data-testid="open-new-anyway"
          onClick={() => void act('open')}
        >
          Open a new incident anyway
        </button>
      )}
      {primary === null && (
        <button
          type="button"
          className="button"
          data-testid="open-resolved-anyway"
          onClick={() => void act('open_resolved')}
        >
          Open an incident anyway
        </button>
      )}
      {primary !== null && (
        <button type="button" className="button" onClick={backToBoard}>
          Cancel
        </button>
      )}
    </div>
  );

  return (
    <section className="screen" aria-label="Start incident">
      <nav className="crumbs" aria-label="Breadcrumb">
        <button type="button" className="link-button" onClick={backToBoard}>
          <Icon name="back" size={14} /> Incidents
        </button>
        <span className="crumbs__hint">
          <Kbd>Esc</Kbd> back to the board
        </span>
      </nav>
      <header className="screen__header inc-new__header">
        <div>
          <h1 className="screen__title">Start incident</h1>
          <p className="screen__subtitle">
            Paste the alert to match the customer and assets, or fill in what you know. The restore clock
            starts at the alert's time when it has one.
          </p>
        </div>
      </header>
      <div className="screen__body">
        <div className="inc-new">
          <section className="inc-new__alert panel" aria-label="Alert">
            <label className="inc-new__alert-label" htmlFor="inc-alert">
              Paste what the pager sent (an e-mail, webhook JSON or text)
            </label>
            <textarea
              id="inc-alert"
              ref={alertRef}
              className="input textarea input--mono inc-new__textarea"
              rows={12}
              value={text}
              spellCheck={false}
              placeholder={
                'FIRING: HostDown web01.example.local\nor the whole e-mail with its headers, or the webhook JSON'
              }
              aria-describedby="inc-alert-hint"
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onAlertKey}
              onPaste={(e) => {
                const pasted = e.clipboardData.getData('text');
                const el = e.currentTarget;
                // Match straight away when the paste is the whole alert.
                if (el.value.trim() === '' || el.selectionStart === 0) {
                  const next =
                    el.value.slice(0, el.selectionStart) + pasted + el.value.slice(el.selectionEnd);
                  setTimeout(() => void runParse(next), 0);
                }
              }}
            />
            <div className="inc-new__alert-actions">
              <button
                type="button"
                className={`button${text.trim() && parse.state !== 'done' ? ' button--primary' : ''}`}
                onClick={() => void runParse(text)}
                disabled={parse.state === 'parsing'}
                data-testid="match-alert"
              >
                <Icon name="search" size={14} /> {parse.state === 'parsing' ? 'Matching…' : 'Match alert'}
                <kbd className={`kbd${text.trim() && parse.state !== 'done' ? ' kbd--on-primary' : ''}`}>
                  Ctrl Enter
                </kbd>
              </button>
              <span id="inc-alert-hint" className="muted">
                Matched here, on this machine: nothing is sent anywhere. Reads{' '}
                {ALERT_FORMATS.map((f) => ALERT_FORMAT_LABELS[f]).join(', ')}.
              </span>
            </div>
            {parse.state === 'refused' && (
              <div className="form-banner form-banner--error" role="alert" data-testid="alert-refused">
                <Icon name="warning" size={16} />
                <div>
                  <span className="form-banner__title">{parse.message}</span>
                </div>
              </div>
            )}
            {match && (
              <MatchView
                match={match}
                now={now}
                chosenCustomerId={customerId}
                onUseCustomer={(id) => setCustomerId(id)}
              />
            )}
          </section>

          <form className="inc-new__form panel" aria-label="Incident" onSubmit={submit} noValidate>
            <h2 className="panel__title">
              <Icon name="incidents" size={14} /> Incident
            </h2>
            {match && primary !== 'open' && (
              <div className="inc-new__next">
                <NextBanner match={match} primary={primary} alertTime={alertTime} />
                {submitRow}
              </div>
            )}
            <div className="inc-field">
              <span className="field__label">Customer</span>
              <CustomerPicker
                chosen={customer}
                chosenId={customerId}
                error={customerError}
                onChoose={(id) => {
                  setCustomerId(id);
                  if (id !== customerId) setAssets([]);
                  setMissing(null);
                }}
              />
            </div>

            <fieldset className="inc-field inc-sevs">
              <legend className="field__label">
                Severity{' '}
                {severityGuessed && (
                  <span className="inc-guess">guessed from the alert · change if wrong</span>
                )}
              </legend>
              <div className="inc-sevs__row">
                {SEVERITIES.map((sev) => (
                  <button
                    key={sev}
                    type="button"
                    aria-pressed={severity === sev}
                    className={`inc-sev inc-sev--${sev}${severity === sev ? ' inc-sev--on' : ''}`}
                    onClick={() => {
                      setSeverity(sev);
                      setSeverityGuessed(false);
                    }}
                  >
                    <span className="inc-sev__name">{sev.toUpperCase()}</span>
                    <span className="inc-sev__target">
                      {customer ? `restore in ${targetWords(customer.restoreTargets[sev])}` : '—'}
                    </span>
                  </button>
                ))}
              </div>
            </fieldset>

            <div className="inc-field">
              <label className="field__label" htmlFor="inc-title">
                Title
              </label>
              <input
                id="inc-title"
                ref={titleRef}
                className="input"
                value={title}
                maxLength={300}
                placeholder="What is broken, in a few words: “ERP unreachable for all users”"
                autoComplete="off"
                onChange={(e) => setTitle(e.target.value)}
              />
            </div>

            <div className="inc-field">
              <span className="field__label">Affected assets</span>
              <AssetPicker chosen={assets} topology={topology} onChange={setAssets} disabled={!customerId} />
            </div>

            <div className="inc-field">
              <label className="field__label" htmlFor="inc-symptom">
                Symptom <span className="muted">(optional: words that help pick the playbook)</span>
              </label>
              <input
                id="inc-symptom"
                className="input"
                value={symptom}
                maxLength={2000}
                placeholder="unreachable, disk full, slow…"
                autoComplete="off"
                onChange={(e) => setSymptom(e.target.value)}
              />
            </div>

            <div className="inc-clockline" data-testid="clock-start">
              <Icon name="clock" size={14} />
              {alertStart ? (
                <span>
                  Restore clock starts at{' '}
                  <strong>
                    {fromAlertTime
                      ? `${localStamp(alertStart, now)} (alert time, ${durationWords(now - Date.parse(alertStart))} ago)`
                      : 'now'}
                  </strong>
                  {target !== null && <> · target {targetWords(target)}</>}
                  <label className="inc-clockline__toggle">
                    <input
                      type="checkbox"
                      checked={!fromAlertTime}
                      onChange={(e) => setFromAlertTime(!e.target.checked)}
                    />{' '}
                    start from now instead
                  </label>
                </span>
              ) : (
                <span>
                  Restore clock starts <strong>now ({localTime(new Date(now).toISOString())})</strong>
                  {target !== null && <> · target {targetWords(target)}</>}
                </span>
              )}
            </div>

            {missing && (
              <div className="form-banner form-banner--warn" role="alert">
                <Icon name="warning" size={16} />
                <div>
                  <span className="form-banner__title">{missing}</span>
                </div>
              </div>
            )}
            {openError && (
              <div className="form-banner form-banner--error" role="alert">
                <Icon name="warning" size={16} />
                <div>
                  <span className="form-banner__title">{adviseOn(openError, 'open the incident').title}</span>
                  <span className="form-banner__detail">
                    {adviseOn(openError, 'open the incident').detail}
                  </span>
                </div>
              </div>
            )}

            {primary === 'open' && submitRow}
          </form>
        </div>
      </div>
      {askingWho && (
        <WhoIsOn
          onDone={() => {
            const intent = askingWho;
            setAskingWho(null);
            void act(intent);
          }}
        />
      )}
      <footer className="screen__hint">
        <Kbd>Ctrl</Kbd>
        <Kbd>Enter</Kbd> match the alert · <Kbd>Enter</Kbd> in a field opens the incident · <Kbd>Esc</Kbd>{' '}
        back
      </footer>
    </section>
  );
}

function MatchView({
  match,
  now,
  chosenCustomerId,
  onUseCustomer,
}: {
  readonly match: AlertMatch;
  readonly now: number;
  readonly chosenCustomerId: string | null;
  readonly onUseCustomer: (id: string) => void;
}) {
  const nothing = !match.customer && match.assets.length === 0;
  return (
    <div className="inc-match" data-testid="alert-match" aria-live="polite">
      <div className="inc-match__head">
        <span className="label">What the alert matched</span>
        <span className="tag" data-testid="alert-format">
          Read as {formatWords(match.format)}
        </span>
        {match.state === 'resolved' && (
          <span className="tag inc-match__resolved" data-testid="alert-resolved">
            resolved
          </span>
        )}
      </div>
      <dl className="inc-match__facts inc-match__read">
        <div className="inc-match__row">
          <dt>{match.state === 'resolved' ? 'Recovered' : 'Alert time'}</dt>
          <dd data-testid="alert-time">
            {match.alertAt ? (
              <>
                <strong>{localStamp(match.alertAt, now)}</strong>{' '}
                <span className="muted">
                  {durationWords(now - Date.parse(match.alertAt))} ago
                  {match.timeSource && <> · from {match.timeSource}</>}
                </span>
              </>
            ) : (
              <span className="muted">the alert names no time: the clock starts now</span>
            )}
          </dd>
        </div>
        {severityWords(match) && (
          <div className="inc-match__row">
            <dt>Severity</dt>
            <dd data-testid="alert-severity">{severityWords(match)}</dd>
          </div>
        )}
      </dl>
      {match.alertAt && match.timeZoneAssumed && (
        <div className="form-banner form-banner--warn" role="status" data-testid="alert-zone-assumed">
          <Icon name="warning" size={16} />
          <div>
            <span className="form-banner__title">
              No time zone in the alert: read as {consoleZone()} time.
            </span>
            <span className="form-banner__detail">
              Check the alert time against the monitoring system before trusting the restore clock.
            </span>
          </div>
        </div>
      )}
      {nothing ? (
        <div className="form-banner form-banner--warn" role="status" data-testid="alert-nothing">
          <Icon name="warning" size={16} />
          <div>
            <span className="form-banner__title">Nothing in the alert matched a customer or an asset.</span>
            <span className="form-banner__detail">
              Pick the customer on the right; the alert text is kept with the incident.
            </span>
          </div>
        </div>
      ) : (
        <dl className="inc-match__facts">
          {match.customer && (
            <div className="inc-match__row">
              <dt>Customer</dt>
              <dd>
                <span className="inc-match__what" data-testid="matched-customer">
                  <span className="customer-head__code">{match.customer.code}</span> {match.customer.name}{' '}
                  <TierBadge tier={match.customer.tier} />
                </span>
                <ul className="inc-why">
                  {match.why.map((why) => (
                    <li key={why}>{why}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
          {match.assets.length > 0 && (
            <div className="inc-match__row">
              <dt>Assets</dt>
              <dd>
                <ul className="inc-match__assets">
                  {match.assets.map((a) => (
                    <li key={a.id} data-testid="matched-asset">
                      <KindTag kind={a.kind} /> <strong>{a.name}</strong>
                      {a.hostname && <span className="mono muted"> {a.hostname}</span>}
                      <span className="inc-why__one">{a.why}</span>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
          {match.symptoms.length > 0 && (
            <div className="inc-match__row">
              <dt>Symptoms</dt>
              <dd className="inc-match__chips">
                {match.symptoms.map((s) => (
                  <span key={s} className="tag">
                    {s}
                  </span>
                ))}
              </dd>
            </div>
          )}
        </dl>
      )}
      {match.candidates.length > 0 && (
        <div className="inc-match__others">
          <span className="label">Also possible</span>
          <ul>
            {match.candidates.map((c) => (
              <li key={c.customer.id}>
                <span className="customer-head__code">{c.customer.code}</span> {c.customer.name}
                <span className="muted"> — {c.why.join('; ')}</span>
                {chosenCustomerId !== c.customer.id && (
                  <button type="button" className="link-button" onClick={() => onUseCustomer(c.customer.id)}>
                    use this customer
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Search-as-you-type over customers by name or code; ↑↓ Enter picks. */
function CustomerPicker({
  chosen,
  chosenId,
  error,
  onChoose,
}: {
  readonly chosen: CustomerDetail | null;
  readonly chosenId: string | null;
  readonly error: ApiError | null;
  readonly onChoose: (id: string) => void;
}) {
  const [editing, setEditing] = useState(chosenId === null);
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<readonly CustomerSummary[]>([]);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);

  // A customer chosen elsewhere (the alert's match, "use this customer") is shown, not searched.
  useEffect(() => {
    setEditing(chosenId === null);
  }, [chosenId]);

  useEffect(() => {
    if (!editing) return;
    let live = true;
    const timer = setTimeout(() => {
      void api
        .call('customer:list', query.trim() ? { query: query.trim(), limit: 8 } : { limit: 8 })
        .then((result) => {
          if (live && result.ok) {
            setOptions(result.value.items);
            setActive(0);
          }
        });
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, editing]);

  if (!editing && chosenId) {
    return (
      <div className="inc-picked" data-testid="chosen-customer">
        {chosen ? (
          <>
            <span className="customer-head__code">{chosen.code}</span>
            <span className="inc-picked__name">{chosen.name}</span>
            <TierBadge tier={chosen.tier} />
            <span className="muted">{chosen.contacts.length} contacts</span>
          </>
        ) : error ? (
          <span className="inc-failed">{adviseOn(error, 'load the customer').title}</span>
        ) : (
          <span className="muted">Loading the customer…</span>
        )}
        <button type="button" className="link-button inc-picked__change" onClick={() => setEditing(true)}>
          <Icon name="edit" size={12} /> change
        </button>
      </div>
    );
  }

  const pick = (c: CustomerSummary | undefined) => {
    if (!c) return;
    onChoose(c.id);
    setEditing(false);
    setQuery('');
  };

  return (
    <div className="inc-search">
      <input
        id="inc-customer-search"
        className="input"
        value={query}
        placeholder="Search customers by name or code…"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={focused && options.length > 0}
        aria-controls="inc-customer-options"
        aria-label="Customer"
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(options.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape' && chosenId) {
            e.preventDefault();
            setEditing(false);
          }
        }}
      />
      <div
        id="inc-customer-options"
        className="inc-search__options inc-search__options--float"
        role="listbox"
        aria-label="Customers"
        hidden={!focused}
      >
        {options.map((c, i) => (
          <PickerOption
            key={c.id}
            active={i === active}
            onActivate={() => setActive(i)}
            onPick={() => pick(c)}
          >
            <span className="customer-head__code">{c.code}</span>
            <span className="picker__name">{c.name}</span>
            <TierBadge tier={c.tier} />
          </PickerOption>
        ))}
        {options.length === 0 && <p className="picker__empty">No customer matches “{query}”.</p>}
      </div>
    </div>
  );
}

/** The chosen assets as chips; a filter over the customer's assets adds more. */
function AssetPicker({
  chosen,
  topology,
  onChange,
  disabled,
}: {
  readonly chosen: readonly AssetChoice[];
  readonly topology: Topology | null;
  readonly onChange: (next: readonly AssetChoice[]) => void;
  readonly disabled: boolean;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const options = useMemo(() => {
    if (!topology) return [];
    const q = query.trim().toLowerCase();
    const taken = new Set(chosen.map((c) => c.id));
    return topology.assets
      .filter(
        (a) =>
          !taken.has(a.id) &&
          (!q ||
            a.name.toLowerCase().includes(q) ||
            (a.hostname ?? '').toLowerCase().includes(q) ||
            a.ipAddresses.some((ip) => ip.includes(q))),
      )
      .slice(0, 8);
  }, [topology, query, chosen]);

  const add = (a: AssetChoice | undefined) => {
    if (!a) return;
    onChange([...chosen, { id: a.id, name: a.name, kind: a.kind, hostname: a.hostname }]);
    setQuery('');
    setActive(0);
  };

  return (
    <div className="inc-assets">
      {chosen.length > 0 && (
        <ul className="inc-assets__chosen" data-testid="chosen-assets">
          {chosen.map((a) => (
            <li key={a.id} className="picker__item">
              <KindTag kind={a.kind} />
              <span className="picker__name">{a.name}</span>
              {a.hostname && <span className="picker__meta mono">{a.hostname}</span>}
              {a.why && <span className="inc-assets__why">matched</span>}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${a.name}`}
                onClick={() => onChange(chosen.filter((c) => c.id !== a.id))}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inc-search">
        <input
          className="input"
          value={query}
          disabled={disabled}
          placeholder={
            disabled
              ? 'Choose the customer first'
              : topology
                ? `Add an asset: name, host name or IP (${topology.assets.length} assets)`
                : 'Loading the customer’s assets…'
          }
          aria-label="Add an affected asset"
          autoComplete="off"
          spellCheck={false}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((i) => Math.min(options.length - 1, i + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => Math.max(0, i - 1));
            } else if (e.key === 'Enter' && query.trim()) {
              e.preventDefault();
              add(options[active]);
            }
          }}
        />
        {focused && query.trim() && (
          <div className="inc-search__options inc-search__options--float" role="listbox" aria-label="Assets">
            {options.map((a, i) => (
              <PickerOption
                key={a.id}
                active={i === active}
                onActivate={() => setActive(i)}
                onPick={() => add(a)}
              >
                <KindTag kind={a.kind} />
                <span className="picker__name">{a.name}</span>
                <span className="picker__meta mono">{a.hostname ?? a.ipAddresses[0] ?? ''}</span>
              </PickerOption>
            ))}
            {options.length === 0 && <p className="picker__empty">No asset matches “{query}”.</p>}
          </div>
        )}
      </div>
    </div>
  );
}

/** The zone this console reads zone-less alert times in (the back end runs on the same machine). */
function consoleZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
}

function primaryTestId(intent: Intent | null): string {
  switch (intent) {
    case null:
      return 'nothing-to-do';
    case 'open':
    case 'open_resolved':
      return 'open-incident';
    case 'mark_restored':
      return 'mark-restored';
    case 'attach':
      return 'go-to-incident';
    default:
      return assertNever(intent, 'intent');
  }
}

function primaryLabel(intent: Intent | null, match: AlertMatch | null, alertTime: string | null): string {
  const about = match?.openIncident?.title ?? '';
  switch (intent) {
    case null:
      return 'Nothing to do: back to the board';
    case 'open':
      return 'Open incident';
    case 'open_resolved':
      return 'Open an incident anyway';
    case 'mark_restored':
      return `Mark “${about}” restored at ${alertTime ?? 'now'}`;
    case 'attach':
      return `Go to the open incident “${about}”`;
    default:
      return assertNever(intent, 'intent');
  }
}

/** What intake found beyond "open one": the incident this alert is about, or nothing to do. */
function NextBanner({
  match,
  primary,
  alertTime,
}: {
  readonly match: AlertMatch;
  readonly primary: Intent | null;
  readonly alertTime: string | null;
}) {
  const about = match.openIncident;
  const text = (() => {
    switch (primary) {
      case null:
        return {
          title: 'This alert says the problem is resolved, and no open incident matches it: nothing to do.',
          detail: 'Open one anyway only to record it after the fact.',
        };
      case 'mark_restored':
        return {
          title: `This alert says “${about?.title ?? ''}” recovered${alertTime ? ` at ${alertTime}` : ''}.`,
          detail: `Enter records it restored at the alert's time and opens it. Matched by ${about?.why ?? 'the alert'}.`,
        };
      case 'attach':
        return {
          title: `This alert is already open as “${about?.title ?? ''}”.`,
          detail: `Enter goes to it and notes that the alert repeated. Matched by ${about?.why ?? 'the alert'}.`,
        };
      case 'open':
      case 'open_resolved':
        return null;
      default:
        return assertNever(primary, 'intent');
    }
  })();
  if (!text) return null;
  return (
    <div
      className={`form-banner inc-next${primary === null ? ' form-banner--warn' : ''}`}
      role="status"
      data-testid="intake-next"
    >
      <Icon name={primary === null ? 'warning' : 'incidents'} size={16} />
      <div>
        <span className="form-banner__title">{text.title}</span>
        <span className="form-banner__detail">{text.detail}</span>
      </div>
    </div>
  );
}
