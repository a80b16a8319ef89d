/**
 * The customer editor's "Customer updates" section (presentational): who hears from us
 * during an incident (from the customer's contacts), how often per severity, and the three
 * templates. Anything left empty follows the core terms. Templates are checked as typed
 * (line and column of an unknown placeholder or unbalanced brace); the back end checks again.
 */
import type { CallInput } from '../../shared/api/contract';
import type { Contact, CustomerTermsSchema } from '../../shared/catalog/schemas';
import {
  CORE_CADENCE,
  CORE_TEMPLATES,
  PLACEHOLDER_HELP,
  PLACEHOLDERS,
  UPDATE_KIND_LABELS,
  UPDATE_KINDS,
  type UpdateKind,
  validateTemplate,
} from '../../shared/incidents/templates';
import { type Issue, type Issues, issuesAt, TextAreaField, TextField } from './form';
import './terms.css';

const SEVS = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
type Sev = (typeof SEVS)[number];

export interface TermsDraft {
  readonly recipients: readonly string[];
  /** '' follows core; 'none' means no regular updates; else minutes. */
  readonly cadence: Readonly<Record<Sev, string>>;
  readonly templates: Readonly<Record<UpdateKind, { readonly subject: string; readonly body: string }>>;
}

export function termsDraftOf(terms: CustomerTermsSchema | null): TermsDraft {
  const cadence = (sev: Sev): string => {
    const v = terms?.cadenceMinutes[sev];
    return v === undefined ? '' : v === null ? 'none' : String(v);
  };
  const template = (kind: UpdateKind) => terms?.templates[kind] ?? { subject: '', body: '' };
  return {
    recipients: terms?.recipients ?? [],
    cadence: { sev1: cadence('sev1'), sev2: cadence('sev2'), sev3: cadence('sev3'), sev4: cadence('sev4') },
    templates: { working: template('working'), update: template('update'), restored: template('restored') },
  };
}

/** The terms to save, or null when everything follows core; problems go into `issues`. */
export function termsInput(
  d: TermsDraft,
  issues: Issue[],
): NonNullable<CallInput<'customer:save'>['communicationTerms']> | null {
  const cadenceMinutes: Partial<Record<Sev, number | null>> = {};
  for (const sev of SEVS) {
    const text = d.cadence[sev].trim().toLowerCase();
    if (text === '') continue;
    if (text === 'none') cadenceMinutes[sev] = null;
    else if (/^\d+$/.test(text) && Number(text) >= 5) cadenceMinutes[sev] = Number(text);
    else
      issues.push({
        path: `communicationTerms.cadenceMinutes.${sev}`,
        message: 'must be minutes (5 or more), "none", or empty for the core cadence',
      });
  }
  const templates: Partial<Record<UpdateKind, { subject: string; body: string }>> = {};
  for (const kind of UPDATE_KINDS) {
    const t = d.templates[kind];
    if (t.subject.trim() === '' && t.body.trim() === '') continue;
    for (const part of ['subject', 'body'] as const) {
      const path = `communicationTerms.templates.${kind}.${part}`;
      if (t[part].trim() === '')
        issues.push({ path, message: 'is required (or empty both to use the core template)' });
      const bad = validateTemplate(t[part])[0];
      if (bad) issues.push({ path, message: `line ${bad.line}, column ${bad.column}: ${bad.message}` });
    }
    templates[kind] = { subject: t.subject.trim(), body: t.body.trim() };
  }
  const empty =
    d.recipients.length === 0 &&
    Object.keys(cadenceMinutes).length === 0 &&
    Object.keys(templates).length === 0;
  return empty ? null : { recipients: [...d.recipients], cadenceMinutes, templates };
}

export function CommunicationTermsFields({
  draft,
  contacts,
  issues,
  onChange,
}: {
  readonly draft: TermsDraft;
  readonly contacts: readonly Contact[] | null;
  readonly issues: Issues;
  readonly onChange: (terms: TermsDraft) => void;
}) {
  const setTemplate = (kind: UpdateKind, part: 'subject' | 'body', value: string) =>
    onChange({
      ...draft,
      templates: { ...draft.templates, [kind]: { ...draft.templates[kind], [part]: value } },
    });
  return (
    <fieldset className="form__section" data-testid="terms-fields">
      <legend className="form__legend">Customer updates during an incident</legend>
      <p className="form__section-hint muted">
        Left empty, the core terms apply. Placeholders: {PLACEHOLDERS.map((p) => `{${p}}`).join(' ')} — write{' '}
        {'{{'} and {'}}'} for a brace.
      </p>
      <div className="field">
        <span className="field__label">Who gets updates</span>
        {contacts === null || contacts.length === 0 ? (
          <p className="muted">
            {contacts === null
              ? 'Save the customer and add contacts first; then choose who gets updates.'
              : 'No contacts yet: add them on the card, then choose here.'}
          </p>
        ) : (
          <div className="terms-recipients">
            {contacts.map((c) => (
              <label key={c.id} className="terms-recipients__one">
                <input
                  type="checkbox"
                  checked={draft.recipients.includes(c.id)}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      recipients: e.target.checked
                        ? [...draft.recipients, c.id]
                        : draft.recipients.filter((id) => id !== c.id),
                    })
                  }
                />
                {c.name} <span className="muted">· {c.role}</span>
              </label>
            ))}
            {draft.recipients.length === 0 && (
              <span className="muted">None chosen: the first contact in escalation order gets them.</span>
            )}
          </div>
        )}
      </div>
      <div className="form__grid form__grid--4">
        {SEVS.map((sev) => {
          const core = CORE_CADENCE[sev];
          return (
            <TextField
              key={sev}
              label={`${sev.toUpperCase()} · every`}
              value={draft.cadence[sev]}
              onChange={(value) => onChange({ ...draft, cadence: { ...draft.cadence, [sev]: value } })}
              placeholder={core === null ? 'none (core)' : `${core} (core)`}
              suffix="min"
              issues={issuesAt(issues, `communicationTerms.cadenceMinutes.${sev}`)}
            />
          );
        })}
      </div>
      {UPDATE_KINDS.map((kind) => (
        <div key={kind} className="form__grid">
          <TextField
            label={`"${UPDATE_KIND_LABELS[kind]}" subject`}
            wide
            value={draft.templates[kind].subject}
            placeholder={CORE_TEMPLATES[kind].subject}
            onChange={(value) => setTemplate(kind, 'subject', value)}
            issues={shown(
              issues,
              `communicationTerms.templates.${kind}.subject`,
              draft.templates[kind].subject,
            )}
          />
          <TextAreaField
            label={`"${UPDATE_KIND_LABELS[kind]}" message`}
            wide
            rows={5}
            value={draft.templates[kind].body}
            placeholder={CORE_TEMPLATES[kind].body}
            onChange={(value) => setTemplate(kind, 'body', value)}
            issues={shown(issues, `communicationTerms.templates.${kind}.body`, draft.templates[kind].body)}
            hint={
              kind === 'working'
                ? PLACEHOLDERS.map((p) => `{${p}}: ${PLACEHOLDER_HELP[p]}`).join(' · ')
                : undefined
            }
          />
        </div>
      ))}
    </fieldset>
  );
}

/** The save's problems for a template field, else what is wrong with it as typed. */
function shown(issues: Issues, path: string, text: string): Issues {
  const saved = issuesAt(issues, path);
  if (saved.length > 0) return saved;
  const bad = validateTemplate(text)[0];
  return bad ? [{ path, message: `line ${bad.line}, column ${bad.column}: ${bad.message}` }] : [];
}
