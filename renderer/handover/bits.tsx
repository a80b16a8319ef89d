/** Presentational pieces of the handover screens: times, status chips, what an item says. */
import type { HandoverItem, ItemStatus } from '../../shared/handover/model';
import { api } from '../api/client';
import { useApp } from '../app/store';

const whenFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Fri 28 Nov, 03:40" in this console's time. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : whenFormat.format(ms);
}

export function clockTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : timeFormat.format(ms);
}

/** 45 → "45 min", 200 → "3 h 20 min", 3000 → "2 d 2 h". */
export function minutesWords(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 1440) return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const h = Math.floor((m % 1440) / 60);
  return `${Math.floor(m / 1440)} d${h ? ` ${h} h` : ''}`;
}

export function sinceWords(iso: string, now: Date): string {
  return minutesWords((now.getTime() - Date.parse(iso)) / 60_000);
}

const STATUS_TEXT: Readonly<Record<ItemStatus, string>> = {
  pending: 'Pending',
  questioned: 'Questioned',
  accepted: 'Accepted',
};

export function ItemStatusChip({ status }: { readonly status: ItemStatus }) {
  return (
    <span className={`ho-chip ho-chip--${status}`} data-testid="item-status">
      {STATUS_TEXT[status]}
    </span>
  );
}

const FOLLOW_UP = {
  hypothesis: 'Hypothesis',
  evidence: 'Evidence',
  problem_ticket: 'Problem ticket',
  task: 'Task',
};

/** The facts an item carries from the log: customer, severity, restore clock, steps, last actions. */
export function ItemFacts({ item, at }: { readonly item: HandoverItem; readonly at: string }) {
  const inc = item.incident;
  const atMs = Date.parse(at);
  return (
    <>
      <div className="ho-facts">
        {inc && <span className={`sev sev--${inc.severity}`}>{inc.severity.toUpperCase()}</span>}
        {item.customer && (
          <span className="ho-facts__customer">
            <span className="mono">{item.customer.code}</span> {item.customer.name}
          </span>
        )}
        {inc && <span className={`ho-facts__status ho-facts__status--${inc.status}`}>{inc.status}</span>}
        {inc && !inc.restoredAt && inc.deadlineAt && (
          <span
            className={
              Date.parse(inc.deadlineAt) < atMs
                ? 'ho-facts__clock ho-facts__clock--late danger'
                : 'ho-facts__clock'
            }
          >
            {Date.parse(inc.deadlineAt) < atMs
              ? `${minutesWords((atMs - Date.parse(inc.deadlineAt)) / 60_000)} past target`
              : `${minutesWords((Date.parse(inc.deadlineAt) - atMs) / 60_000)} to target`}{' '}
            at hand-over
          </span>
        )}
        {inc?.restoredAt && (
          <span className="ho-facts__clock ok">
            restored {when(inc.restoredAt)} (
            {minutesWords((Date.parse(inc.restoredAt) - Date.parse(inc.clockStartAt)) / 60_000)})
          </span>
        )}
        {inc && inc.progress.total > 0 && (
          <span className="muted">
            {inc.progress.done}/{inc.progress.total} steps
          </span>
        )}
        {item.watch?.dueAt && <span className="muted">{when(item.watch.dueAt)}</span>}
      </div>
      {inc && (inc.nextSteps.length > 0 || inc.lastActions.length > 0 || inc.followUps.length > 0) && (
        <div className="ho-cols">
          {inc.nextSteps.length > 0 && (
            <div>
              <div className="ho-cols__label">Next steps</div>
              <ol className="ho-list">
                {inc.nextSteps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
            </div>
          )}
          {inc.lastActions.length > 0 && (
            <div>
              <div className="ho-cols__label">Last actions</div>
              <ul className="ho-list ho-list--log">
                {inc.lastActions.slice(0, 3).map((a) => (
                  <li key={`${a.at}${a.summary}`}>
                    <span className="ho-list__time">{clockTime(a.at)}</span> {a.summary}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {inc.followUps.length > 0 && (
            <div>
              <div className="ho-cols__label">Follow-ups</div>
              <ul className="ho-list">
                {inc.followUps.map((f) => (
                  <li key={f.text}>
                    <strong>{FOLLOW_UP[f.kind]}</strong>
                    {f.ticketRef ? ` (${f.ticketRef})` : ''}: {f.text}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </>
  );
}

function download(fileName: string, mimeType: string, bytes: BlobPart): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves an export the back end made (text, or base64 for a PDF) as a file, and says so. */
export function saveExported(file: {
  readonly fileName: string;
  readonly mimeType: string;
  readonly encoding: 'utf8' | 'base64';
  readonly content: string;
}): void {
  const { fileName, mimeType, encoding, content } = file;
  if (encoding === 'base64') {
    const binary = atob(content);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    download(fileName, mimeType, bytes);
  } else download(fileName, mimeType, content);
  useApp.getState().notify(`Saved ${fileName}`);
}

/** Asks the back end for the export and saves it as a file. */
export async function exportHandover(id: string, format: 'markdown' | 'bundle' | 'pdf'): Promise<void> {
  const r = await api.call('handover:export', { id, format });
  if (!r.ok) {
    useApp
      .getState()
      .reportError(r.error, `export the handover (${format === 'markdown' ? 'Markdown' : format})`);
    return;
  }
  saveExported(r.value);
}
