/**
 * The form kit for editors (presentational): labelled fields with their errors next to them,
 * tag and address lists, key/value rows. Field errors come from the back end's VALIDATION
 * issues (paths such as `email` or `restoreTargets.sev1`), so the one schema in shared/
 * decides what is valid and the renderer does not carry a second copy of the rules.
 */
import { type ChangeEvent, type KeyboardEvent, type ReactNode, useId, useState } from 'react';
import { Icon } from '../ui/icons';
import './editing.css';

export interface Issue {
  readonly path: string;
  readonly message: string;
}
export type Issues = readonly Issue[];

/** The issues for one field: its own path and anything below it (`ipAddresses.2`). */
export function issuesAt(issues: Issues, name: string): Issues {
  return issues.filter((i) => i.path === name || i.path.startsWith(`${name}.`));
}

/** Turns schema wording into something for a person (zod says "Invalid input" and the like). */
export function humanMessage(message: string): string {
  if (/^Invalid email/i.test(message)) return 'must be an email address, like name@example.com';
  if (/^Invalid URL/i.test(message)) return 'must be a web address starting with http:// or https://';
  if (/Too small: expected string to have >=1/i.test(message)) return 'is required';
  if (/^Too big: expected string to have <=(\d+)/i.test(message))
    return message.replace(
      /^Too big: expected string to have <=(\d+).*$/i,
      'is too long (at most $1 characters)',
    );
  if (/^Too small: expected number to be >=(\S+)/i.test(message))
    return message.replace(/^Too small: expected number to be >=(\S+).*$/i, 'must be at least $1');
  if (/^Too big: expected number to be <=(\S+)/i.test(message))
    return message.replace(/^Too big: expected number to be <=(\S+).*$/i, 'must be at most $1');
  if (/expected number, received/i.test(message)) return 'must be a number';
  if (/^Invalid IPv[46]/i.test(message) || /^Invalid input$/i.test(message)) return 'is not valid';
  return message;
}

function FieldErrors({ id, issues }: { readonly id: string; readonly issues: Issues }) {
  if (issues.length === 0) return null;
  return (
    <div id={id} className="field__errors" role="alert">
      {issues.map((issue) => (
        <p key={`${issue.path}:${issue.message}`} className="field__error">
          <Icon name="warning" size={12} /> {humanMessage(issue.message)}
        </p>
      ))}
    </div>
  );
}

interface FieldFrame {
  readonly label: string;
  readonly issues?: Issues;
  readonly hint?: ReactNode;
  readonly wide?: boolean;
  readonly required?: boolean;
  readonly className?: string;
}

/** Label, control, hint and errors; the control is given the ids that tie them together. */
export function Field({
  label,
  issues = [],
  hint,
  wide,
  required,
  className,
  children,
}: FieldFrame & {
  readonly children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = issues.length > 0;
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={`field${wide ? ' field--wide' : ''}${invalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}
    >
      <label className="field__label" htmlFor={id}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid })}
      <FieldErrors id={errorId} issues={issues} />
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextField({
  value,
  onChange,
  type = 'text',
  placeholder,
  mono,
  list,
  autoFocus,
  inputMode,
  suffix,
  transform,
  maxLength,
  ...frame
}: FieldFrame & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'time' | 'number';
  readonly placeholder?: string;
  readonly mono?: boolean;
  readonly list?: string;
  readonly autoFocus?: boolean;
  readonly inputMode?: 'numeric' | 'text' | 'tel' | 'email' | 'url';
  readonly suffix?: ReactNode;
  readonly transform?: (value: string) => string;
  readonly maxLength?: number;
}) {
  return (
    <Field {...frame}>
      {({ id, describedBy, invalid }) => (
        <div className="input-wrap">
          <input
            id={id}
            className={`input${mono ? ' input--mono' : ''}`}
            type={type}
            value={value}
            placeholder={placeholder}
            list={list}
            inputMode={inputMode}
            maxLength={maxLength}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            aria-required={frame.required || undefined}
            data-autofocus={autoFocus || undefined}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onChange(transform ? transform(e.target.value) : e.target.value)
            }
          />
          {suffix && <span className="input-wrap__suffix">{suffix}</span>}
        </div>
      )}
    </Field>
  );
}

export function TextAreaField({
  value,
  onChange,
  rows = 4,
  placeholder,
  mono,
  ...frame
}: FieldFrame & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
  readonly placeholder?: string;
  readonly mono?: boolean;
}) {
  return (
    <Field {...frame}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          className={`input textarea${mono ? ' input--mono' : ''}`}
          rows={rows}
          value={value}
          placeholder={placeholder}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function SelectField({
  value,
  onChange,
  options,
  autoFocus,
  ...frame
}: FieldFrame & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly Option[];
  readonly autoFocus?: boolean;
}) {
  return (
    <Field {...frame}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className="input select"
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          data-autofocus={autoFocus || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A list of short values as chips: Enter, comma or leaving the field adds what was typed,
 * Backspace in an empty field takes the last one back. Pasting a list splits it.
 */
export function ChipListField({
  value,
  onChange,
  placeholder,
  mono,
  check,
  separators = /[\s,;]+/,
  ...frame
}: FieldFrame & {
  readonly value: readonly string[];
  readonly onChange: (value: string[]) => void;
  readonly placeholder?: string;
  readonly mono?: boolean;
  /** Marks a chip as doubtful while typing (the back end still has the last word). */
  readonly check?: (item: string) => boolean;
  readonly separators?: RegExp;
}) {
  const [pending, setPending] = useState('');
  const commit = (text: string) => {
    const parts = text
      .split(separators)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return;
    const next = [...value];
    for (const p of parts) if (!next.includes(p)) next.push(p);
    onChange(next);
    setPending('');
  };
  const issues = frame.issues ?? [];
  const badIndexes = new Set(
    issues.map((i) => Number(i.path.split('.')[1])).filter((n) => Number.isInteger(n) && n >= 0),
  );
  return (
    <Field {...frame}>
      {({ id, describedBy, invalid }) => (
        <div className={`chips${invalid ? ' chips--invalid' : ''}`}>
          {value.map((item, index) => {
            const doubtful = badIndexes.has(index) || (check ? !check(item) : false);
            return (
              <span key={item} className={`chip${mono ? ' chip--mono' : ''}${doubtful ? ' chip--bad' : ''}`}>
                {item}
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={`Remove ${item}`}
                  onClick={() => onChange(value.filter((v) => v !== item))}
                >
                  <Icon name="close" size={11} />
                </button>
              </span>
            );
          })}
          <input
            id={id}
            className={`chips__input${mono ? ' input--mono' : ''}`}
            value={pending}
            placeholder={value.length === 0 ? placeholder : ''}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            onChange={(e) => {
              const text = e.target.value;
              if (/[,;]/.test(text)) commit(text);
              else setPending(text);
            }}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (separators.test(text.trim())) {
                e.preventDefault();
                commit(`${pending} ${text}`);
              }
            }}
            onBlur={() => commit(pending)}
            onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                if (pending.trim()) {
                  e.preventDefault();
                  commit(pending);
                }
              } else if (e.key === 'Backspace' && pending === '' && value.length > 0) {
                e.preventDefault();
                const last = value[value.length - 1] ?? '';
                onChange(value.slice(0, -1));
                setPending(last);
              }
            }}
          />
        </div>
      )}
    </Field>
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const looksLikeIp = (s: string): boolean =>
  IPV4.test(s) || (/^[0-9a-f:.]+$/i.test(s) && s.includes(':'));

export function IpListField(
  props: FieldFrame & { readonly value: readonly string[]; readonly onChange: (value: string[]) => void },
) {
  return (
    <ChipListField
      {...props}
      mono
      check={looksLikeIp}
      placeholder="10.0.0.5, 2001:db8::5 — Enter adds"
      hint={props.hint ?? 'IPv4 or IPv6 addresses, no prefix length. Paste a list to add several.'}
    />
  );
}

export interface AttributeRow {
  readonly key: string;
  readonly value: string;
  /** The type the value had when loaded: numbers and booleans stay what they were. */
  readonly type: 'string' | 'number' | 'boolean';
}

export function AttributesField({
  rows,
  onChange,
  issues = [],
}: {
  readonly rows: readonly AttributeRow[];
  readonly onChange: (rows: AttributeRow[]) => void;
  readonly issues?: Issues;
}) {
  const update = (index: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const keys = rows.map((r) => r.key.trim());
  return (
    <fieldset className="field field--wide kv">
      <legend className="field__label">Attributes</legend>
      {rows.length === 0 && (
        <p className="field__hint">No attributes. Add facts such as firmware, rack or licence.</p>
      )}
      {rows.map((row, index) => {
        const duplicate = row.key.trim() !== '' && keys.indexOf(row.key.trim()) !== index;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity of their own
          <div key={index} className="kv__row">
            <input
              className={`input input--mono${duplicate ? ' input--bad' : ''}`}
              aria-label={`Attribute ${index + 1} name`}
              placeholder="name"
              value={row.key}
              spellCheck={false}
              onChange={(e) => update(index, { key: e.target.value })}
            />
            <input
              className="input"
              aria-label={`Attribute ${index + 1} value`}
              placeholder="value"
              value={row.value}
              spellCheck={false}
              onChange={(e) => update(index, { value: e.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove attribute ${row.key || index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              <Icon name="close" size={13} />
            </button>
            {duplicate && (
              <p className="field__error kv__note">Same name as a row above: only one is kept.</p>
            )}
          </div>
        );
      })}
      <FieldErrors id="attributes-errors" issues={issues} />
      <div>
        <button
          type="button"
          className="link-button kv__add"
          onClick={() => onChange([...rows, { key: '', value: '', type: 'string' }])}
        >
          + Add attribute
        </button>
      </div>
    </fieldset>
  );
}

export function attributesToRows(attributes: Readonly<Record<string, unknown>>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => {
    if (typeof value === 'number') return { key, value: String(value), type: 'number' };
    if (typeof value === 'boolean') return { key, value: String(value), type: 'boolean' };
    if (typeof value === 'string') return { key, value, type: 'string' };
    return { key, value: JSON.stringify(value) ?? '', type: 'string' };
  });
}

export function rowsToAttributes(rows: readonly AttributeRow[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key || Object.hasOwn(out, key)) continue;
    const text = row.value.trim();
    if (row.type === 'number' && text !== '' && Number.isFinite(Number(text))) out[key] = Number(text);
    else if (row.type === 'boolean' && (text === 'true' || text === 'false')) out[key] = text === 'true';
    else out[key] = row.value;
  }
  return out;
}

/** A whole number typed into a field, or an issue for that field. */
export function wholeNumber(
  text: string,
  path: string,
  issues: Issue[],
  what = 'must be a whole number',
): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    issues.push({ path, message: t === '' ? 'is required' : what });
    return 0;
  }
  return Number(t);
}

/** Empty text means "not recorded" (null) for the back end. */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());
