/**
 * Customer updates on the back end: the customer's terms over the core set, the next
 * update drafted from its template with the incident's facts filled in, the recipients an
 * update goes to (frozen into the log as they were when it was sent), and when the next
 * one is due.
 */
import { LifelineError } from '../../../shared/api/result';
import { parseStoredTerms } from '../../../shared/catalog/schemas';
import type { UpdateDraft, UpdateRecipient } from '../../../shared/incidents/commsCalls';
import type { IncidentDetail, IncidentState } from '../../../shared/incidents/model';
import { latestRun } from '../../../shared/incidents/reducer';
import {
  CORE_TEMPLATES,
  type EffectiveTerms,
  effectiveTerms,
  fillTemplate,
  nextUpdateDue,
  nextUpdateKind,
  type PlaceholderValues,
  type UpdateKind,
  validateTemplate,
} from '../../../shared/incidents/templates';
import type { Db } from '../db/database';
import { cached } from '../db/statements';

const MINUTE = 60_000;

interface CustomerFacts {
  readonly name: string;
  readonly timeZone: string;
  readonly terms: EffectiveTerms;
}

/**
 * Effective terms by the stored terms' text: every incident reply reads them, and parsing
 * the JSON with its schema costs more than the rest of the read. The text is the key, so an
 * edit (new text) is parsed afresh; the terms are read-only to every caller.
 */
const termsByText = new Map<string, EffectiveTerms>();
const TERMS_KEPT = 256;

function termsOf(text: string | null | undefined): EffectiveTerms {
  const key = text ?? '';
  const known = termsByText.get(key);
  if (known) return known;
  const terms = effectiveTerms(parseStoredTerms(text));
  if (termsByText.size >= TERMS_KEPT) termsByText.clear();
  termsByText.set(key, terms);
  return terms;
}

function customerFacts(db: Db, customerId: string): CustomerFacts {
  const row = cached(db, 'SELECT name, time_zone, communication_terms FROM customers WHERE id = ?').get(
    customerId,
  ) as { name: string; time_zone: string; communication_terms: string | null } | undefined;
  return {
    name: row?.name ?? 'Customer',
    timeZone: row?.time_zone ?? 'UTC',
    terms: termsOf(row?.communication_terms),
  };
}

/** The customer's effective terms (core where it sets nothing). */
export function termsFor(db: Db, customerId: string): EffectiveTerms {
  return customerFacts(db, customerId).terms;
}

/** What the incident page shows of the terms: the cadence for its severity and the next update due. */
export function communicationOf(db: Db, state: IncidentState): IncidentDetail['communication'] {
  return communicationFrom(termsFor(db, state.customerId), state);
}

/** communicationOf from the customer's stored communication_terms (read with the rest of its row). */
export function communicationOfTerms(
  storedTerms: string | null | undefined,
  state: IncidentState,
): IncidentDetail['communication'] {
  return communicationFrom(termsOf(storedTerms), state);
}

function communicationFrom(terms: EffectiveTerms, state: IncidentState): IncidentDetail['communication'] {
  return {
    cadenceMinutes: terms.cadenceMinutes[state.severity],
    nextUpdate: nextUpdateDue(state, terms.cadenceMinutes),
  };
}

interface ContactRow {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly email: string | null;
  readonly phone: string | null;
}

function liveContacts(db: Db, customerId: string): ContactRow[] {
  return cached(
    db,
    `SELECT id, name, role, email, phone FROM contacts WHERE customer_id = ? AND deleted_at IS NULL
        ORDER BY escalation_order, name`,
  ).all(customerId) as ContactRow[];
}

const recipient = (c: ContactRow): UpdateRecipient => ({
  contactId: c.id,
  name: c.name,
  role: c.role,
  email: c.email,
  phone: c.phone,
});

/**
 * The contacts an update goes to, as recorded in its event. Each must be a live contact of
 * the incident's customer: an update is never logged as told to someone else's contact.
 */
export function updateRecipients(
  db: Db,
  customerId: string,
  contactIds: readonly string[],
): Array<{ contactId: string; name: string; email?: string; phone?: string }> {
  const contacts = new Map(liveContacts(db, customerId).map((c) => [c.id, c]));
  return [...new Set(contactIds)].map((id) => {
    const c = contacts.get(id);
    if (!c) {
      throw new LifelineError(
        'VALIDATION',
        `contactIds: ${id} is not a contact of this incident's customer (or it was removed). Pick the recipients from the customer's contacts; nothing was recorded.`,
      );
    }
    return {
      contactId: c.id,
      name: c.name,
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
    };
  });
}

function inZone(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...opts, timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'UTC' }).format(d);
  }
}

function minutesWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The affected services in words: application services first, else the assets named. */
function servicesWords(db: Db, state: IncidentState): string {
  if (state.assetIds.length === 0) return 'your services';
  const rows = state.assetIds.flatMap((id) => {
    const row = cached(db, 'SELECT name, kind FROM assets WHERE id = ?').get(id) as
      | { name: string; kind: string }
      | undefined;
    return row ? [row] : [];
  });
  const services = rows.filter((r) => r.kind === 'application_service');
  const names = (services.length > 0 ? services : rows).map((r) => r.name);
  return names.length === 0 ? 'your services' : listWords(names.slice(0, 5));
}

/** What we are doing: the step being worked on in the latest run, else a plain sentence. */
function doingWords(state: IncidentState): string {
  const run = latestRun(state);
  const step = run?.steps.find((s) => s.state === 'pending' && s.skipReason === null);
  if (state.restoredAt !== null) return 'service is restored; we are checking it stays up';
  if (step) return step.title;
  return run
    ? `working through our "${run.title}" recovery procedure`
    : 'investigating and working to restore service';
}

/** The values every placeholder takes for this incident, now, sent by `engineer`. */
export function placeholderValues(
  db: Db,
  state: IncidentState,
  engineer: string,
  now: Date,
): PlaceholderValues {
  const facts = customerFacts(db, state.customerId);
  const every = facts.terms.cadenceMinutes[state.severity];
  const until = state.restoredAt ? Date.parse(state.restoredAt) : now.getTime();
  return {
    customer: facts.name,
    services: servicesWords(db, state),
    incident: state.title,
    start: inZone(state.clockStartAt, facts.timeZone),
    elapsed: minutesWords(until - Date.parse(state.clockStartAt)),
    next_update:
      every === null || state.restoredAt !== null
        ? 'as soon as we know more'
        : inZone(new Date(now.getTime() + every * MINUTE).toISOString(), facts.timeZone),
    doing: doingWords(state),
    engineer,
  };
}

/** The next update, filled in: the template for `kind` (or the one due next) and its recipients. */
export function draftUpdate(
  db: Db,
  state: IncidentState,
  engineer: string,
  now: Date,
  kind?: UpdateKind,
): UpdateDraft {
  const facts = customerFacts(db, state.customerId);
  const chosen = kind ?? nextUpdateKind(state);
  // A stored template that does not parse (written by a console that did not check it) gives way to core.
  const own = facts.terms.templates[chosen];
  const sound = validateTemplate(own.subject).length === 0 && validateTemplate(own.body).length === 0;
  const template = sound ? own : CORE_TEMPLATES[chosen];
  const values = placeholderValues(db, state, engineer, now);
  const contacts = liveContacts(db, state.customerId);
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const picked = facts.terms.recipients.flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
  const recipients = picked.length > 0 ? picked : contacts.slice(0, 1);
  return {
    kind: chosen,
    subject: fillTemplate(template.subject, values),
    body: fillTemplate(template.body, values),
    recipients: recipients.map(recipient),
    contacts: contacts.map(recipient),
    templateFrom: sound && facts.terms.fromCustomer.templates.includes(chosen) ? 'customer' : 'core',
    cadenceMinutes: facts.terms.cadenceMinutes[state.severity],
    nextUpdate: nextUpdateDue(state, facts.terms.cadenceMinutes),
  };
}

export interface OverdueUpdate {
  readonly kind: UpdateKind;
  readonly dueAt: string;
  readonly minutesOverdue: number;
  readonly lastAt: string | null;
  readonly recipients: readonly string[];
}

/** The customer update this incident owes at `at`, if it is overdue then (for the handover). */
export function overdueUpdate(db: Db, state: IncidentState, at: Date): OverdueUpdate | null {
  const facts = customerFacts(db, state.customerId);
  const due = nextUpdateDue(state, facts.terms.cadenceMinutes);
  if (!due || Date.parse(due.dueAt) >= at.getTime()) return null;
  const contacts = liveContacts(db, state.customerId);
  const chosen = facts.terms.recipients.flatMap((id) => contacts.filter((c) => c.id === id));
  return {
    kind: due.kind,
    dueAt: due.dueAt,
    minutesOverdue: Math.round((at.getTime() - Date.parse(due.dueAt)) / MINUTE),
    lastAt: due.lastAt,
    recipients: (chosen.length > 0 ? chosen : contacts.slice(0, 1)).map((c) => c.name),
  };
}
