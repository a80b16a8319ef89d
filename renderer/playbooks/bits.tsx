/** Presentational pieces shared by the playbook pages: badges, filled text, commands, changes. */
import type { ReactNode } from 'react';
import type { AssetKind } from '../../shared/catalog/labels';
import type { FilledText, ReviewState, StepKind } from '../../shared/playbooks/model';
import { assertNever } from '../../shared/util/assertNever';
import { CopyButton, KindTag } from '../ui/assetBits';
import { Icon } from '../ui/icons';
import { Markdown } from './Markdown';
import type { Change, Effective, EffectiveStepView } from './store';
import './bits.css';

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function minutes(n: number): string {
  if (n < 60) return `${n} min`;
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const REVIEW_TEXT: Readonly<Record<ReviewState, string>> = {
  ok: 'Reviewed',
  due: 'Review due',
  overdue: 'Overdue',
  never: 'Never reviewed',
};

/** The review state of a playbook: due amber, overdue red, never reviewed red and dashed. */
export function ReviewBadge({
  reviewState,
  reviewedAt,
}: {
  readonly reviewState: ReviewState;
  readonly reviewedAt?: string | null;
}) {
  const when = reviewedAt ? `Last reviewed ${formatDate(reviewedAt)}` : 'Not reviewed yet';
  return (
    <span className={`pb-review pb-review--${reviewState}`} title={when} data-review={reviewState}>
      {REVIEW_TEXT[reviewState]}
    </span>
  );
}

export function StepKindBadge({ kind }: { readonly kind: StepKind }) {
  return <span className={`pb-kind pb-kind--${kind}`}>{kind}</span>;
}

export function KindList({ kinds }: { readonly kinds: readonly AssetKind[] }) {
  if (kinds.length === 0) return <span className="muted">any asset</span>;
  return (
    <span className="pb-kinds">
      {kinds.map((k) => (
        <KindTag key={k} kind={k} />
      ))}
    </span>
  );
}

/** Plain filled text (a command): values highlighted, missing placeholders loud. */
export function Filled({ text }: { readonly text: FilledText }) {
  return (
    <>
      {text.segments.map((s, i) => {
        switch (s.kind) {
          case 'text':
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
            return <span key={i}>{s.text}</span>;
          case 'value':
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
              <mark key={i} className="pb-value" title={`{{${s.placeholder}}}`}>
                {s.text}
              </mark>
            );
          case 'missing':
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
              <span key={i} className="pb-missing" title={`{{${s.placeholder}}} has no value`}>
                ⟨missing: {s.placeholder}⟩
              </span>
            );
          default:
            return assertNever(s, 'text segment');
        }
      })}
    </>
  );
}

/** A command in a code block with a copy button; raw templates show their placeholders. */
export function CommandBlock({
  command,
  filled,
  label = 'command',
}: {
  readonly command?: string;
  readonly filled?: FilledText;
  readonly label?: string;
}) {
  const text = filled ? filled.text : (command ?? '');
  const missing = filled?.missing.length ?? 0;
  return (
    <div className={`pb-command${missing > 0 ? ' pb-command--missing' : ''}`} data-testid="command">
      <pre>
        <code>{filled ? <Filled text={filled} /> : <Template text={text} />}</code>
      </pre>
      <span className="pb-command__copy">
        <CopyButton text={text} label={missing > 0 ? `${label} (${missing} value missing)` : label} />
      </span>
    </div>
  );
}

/** A template with its {{placeholders}} picked out, as the core playbook writes them. */
export function Template({ text }: { readonly text: string }) {
  const parts = text.split(/(\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\})/g);
  return (
    <>
      {parts.map((p, i) =>
        /^\{\{/.test(p) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <span key={i} className="pb-placeholder">
            {p}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

const CUSTOMIZATION_TEXT = { replaced: 'Replaced by overlay', added: 'Added by overlay', skipped: 'Skipped' };

function EffectiveStepCard({ step, n }: { readonly step: EffectiveStepView; readonly n: number | null }) {
  const skipped = step.customization === 'skipped';
  return (
    <li
      className={`pb-step${skipped ? ' pb-step--skipped' : ''}${step.customization ? ` pb-step--${step.customization}` : ''}`}
      data-testid="effective-step"
      data-step-id={step.id}
    >
      <div className="pb-step__n" aria-hidden="true">
        {n ?? '+'}
      </div>
      <div className="pb-step__body">
        <div className="pb-step__head">
          <h3 className="pb-step__title">{step.title}</h3>
          <StepKindBadge kind={step.kind} />
          {step.customization && (
            <span className={`pb-custom pb-custom--${step.customization}`}>
              {CUSTOMIZATION_TEXT[step.customization]}
            </span>
          )}
          <span className="pb-step__time" title="Time box">
            <Icon name="clock" size={12} /> {minutes(step.timeboxMinutes)}
          </span>
        </div>
        {skipped && (
          <p className="pb-step__skip">
            <strong>Skipped for this customer:</strong> {step.skipReason}
          </p>
        )}
        <Markdown segments={step.instruction.segments} />
        {step.command && <CommandBlock filled={step.command} />}
        {step.expected && (
          <p className="pb-step__expected">
            <span className="pb-step__label">Expected</span> {step.expected}
          </p>
        )}
      </div>
    </li>
  );
}

/** The effective playbook as the engineer will follow it. */
export function EffectiveView({
  effective,
  compact,
  assetChosen = false,
}: {
  readonly effective: Effective;
  readonly compact?: boolean;
  /** Without an asset, asset.* values are expected to be empty: told as information, not an error. */
  readonly assetChosen?: boolean;
}) {
  let n = 0;
  const expected = assetChosen ? [] : effective.missing.filter((m) => m.startsWith('asset.'));
  const missing = effective.missing.filter((m) => !expected.includes(m));
  return (
    <div className={`pb-effective${compact ? ' pb-effective--compact' : ''}`}>
      {missing.length > 0 && (
        <div className="form-banner form-banner--error pb-missing-banner" role="status">
          <Icon name="warning" size={18} />
          <div>
            <p className="form-banner__title">
              {missing.length === 1 ? 'One value is missing' : `${missing.length} values are missing`}:{' '}
              {missing.join(', ')}
            </p>
            <p className="pb-banner-text">
              {missing.some((m) => m.startsWith('asset.'))
                ? 'The chosen asset has no such value: fill it in on the asset, or set it in the customer’s overlay.'
                : 'Set them in the customer’s overlay, or give the parameter a default in the core playbook.'}
            </p>
          </div>
        </div>
      )}
      {expected.length > 0 && (
        <div
          className="form-banner form-banner--info pb-missing-banner"
          role="status"
          data-testid="expected-missing"
        >
          <Icon name="server" size={18} />
          <div>
            <p className="form-banner__title">Filled in from the asset: {expected.join(', ')}</p>
            <p className="pb-banner-text">
              Pick an asset to see them; the engineer’s run fills them from the asset it runs on.
            </p>
          </div>
        </div>
      )}
      <table className="table pb-params" data-testid="effective-parameters">
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Value</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {effective.parameters.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                This playbook declares no parameters.
              </td>
            </tr>
          )}
          {effective.parameters.map((p) => (
            <tr key={p.name}>
              <td className="mono">{p.name}</td>
              <td>
                {p.value === null ? (
                  <span className="pb-missing">⟨missing⟩</span>
                ) : (
                  <mark className="pb-value">{String(p.value)}</mark>
                )}
              </td>
              <td>
                <span className={`pb-source pb-source--${p.source}`}>{p.source}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ol className="pb-steps">
        {effective.steps.map((s) => {
          if (s.origin === 'core') n++;
          return <EffectiveStepCard key={s.id} step={s} n={s.origin === 'core' ? n : null} />;
        })}
      </ol>
    </div>
  );
}

function FieldChangeRow({ field, from, to }: { field: string; from: string; to: string }) {
  return (
    <div className="pb-change__field">
      <span className="pb-change__name">{field}</span>
      <del className="pb-change__from">{from || '(empty)'}</del>
      <Icon name="arrow" size={12} />
      <ins className="pb-change__to">{to || '(empty)'}</ins>
    </div>
  );
}

/** What changed between two core versions, one line per change. */
export function ChangeList({ changes }: { readonly changes: readonly Change[] }) {
  if (changes.length === 0) return <p className="muted">No differences between these versions.</p>;
  return (
    <ul className="pb-changes" data-testid="diff">
      {changes.map((c, i) => {
        let body: ReactNode;
        switch (c.kind) {
          case 'field':
            body = (
              <>
                <span className="pb-change__tag">changed</span>
                <FieldChangeRow field={c.field} from={c.from} to={c.to} />
              </>
            );
            break;
          case 'step-added':
            body = (
              <>
                <span className="pb-change__tag pb-change__tag--added">step added</span>
                <span>
                  <strong>{c.title}</strong> at position {c.position}
                </span>
              </>
            );
            break;
          case 'step-removed':
            body = (
              <>
                <span className="pb-change__tag pb-change__tag--removed">step removed</span>
                <strong>{c.title}</strong>
              </>
            );
            break;
          case 'step-moved':
            body = (
              <>
                <span className="pb-change__tag pb-change__tag--moved">step moved</span>
                <span>
                  <strong>{c.title}</strong> from position {c.from} to {c.to}
                </span>
              </>
            );
            break;
          case 'step-changed':
            body = (
              <>
                <span className="pb-change__tag">step changed</span>
                <div className="pb-change__detail">
                  <strong>{c.title}</strong>
                  {c.fields.map((f) => (
                    <FieldChangeRow key={f.field} {...f} />
                  ))}
                </div>
              </>
            );
            break;
          case 'parameter-added':
            body = (
              <>
                <span className="pb-change__tag pb-change__tag--added">parameter added</span>
                <span className="mono">{c.name}</span>
              </>
            );
            break;
          case 'parameter-removed':
            body = (
              <>
                <span className="pb-change__tag pb-change__tag--removed">parameter removed</span>
                <span className="mono">{c.name}</span>
              </>
            );
            break;
          case 'parameter-changed':
            body = (
              <>
                <span className="pb-change__tag">parameter changed</span>
                <div className="pb-change__detail">
                  <span className="mono">{c.name}</span>
                  {c.fields.map((f) => (
                    <FieldChangeRow key={f.field} {...f} />
                  ))}
                </div>
              </>
            );
            break;
          default:
            return assertNever(c, 'playbook change');
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: changes are positional and never reordered
          <li key={i} className="pb-change" data-change={c.kind}>
            {body}
          </li>
        );
      })}
    </ul>
  );
}
