/**
 * Customer updates during an incident (pure, free of zod so the renderer can use it): the
 * template language, its validator and filler, the core terms that apply where a customer
 * has none, and when the next update is due.
 *
 * Template syntax: `{name}` is a placeholder, one of PLACEHOLDERS; `{{` and `}}` write a
 * literal brace. Anything else with a brace (an unknown name, a `{` never closed on its
 * line, a lone `}`) is refused with its line and column, so a template never reaches a
 * customer half-filled.
 */

export const UPDATE_KINDS = ['working', 'update', 'restored'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

export const UPDATE_KIND_LABELS: Readonly<Record<UpdateKind, string>> = {
  working: 'We are working on it',
  update: 'Update',
  restored: 'Restored',
};

export const UPDATE_CHANNELS = ['email', 'phone', 'copied'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export const PLACEHOLDERS = [
  'customer',
  'services',
  'incident',
  'start',
  'elapsed',
  'next_update',
  'doing',
  'engineer',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const PLACEHOLDER_HELP: Readonly<Record<Placeholder, string>> = {
  customer: "the customer's name",
  services: 'the affected services and assets',
  incident: "the incident's title",
  start: "when the restore clock started, in the customer's time zone",
  elapsed: 'how long it has lasted',
  next_update: "when the next update is due, in the customer's time zone",
  doing: 'what we are doing now (the current playbook step)',
  engineer: 'the engineer sending it',
};

export interface TemplateText {
  readonly subject: string;
  readonly body: string;
}

export type TemplateSet = Readonly<Record<UpdateKind, TemplateText>>;

/** Minutes between updates per severity; null: no regular updates for that severity. */
export type Cadence = Readonly<Record<'sev1' | 'sev2' | 'sev3' | 'sev4', number | null>>;

/**
 * One customer's communication terms, as stored with the customer: only what it sets.
 * The bounded overlay over CORE_TERMS: recipients (its contacts), the cadence of the
 * severities it names, the templates it rewrites. Nothing else can be changed.
 */
export interface CustomerTerms {
  readonly recipients: readonly string[];
  readonly cadenceMinutes: Partial<Cadence>;
  readonly templates: Partial<Record<UpdateKind, TemplateText>>;
}

export interface TemplateIssue {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const NAME = /^[a-z_]+$/;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly name: Placeholder };

function scan(template: string): { readonly tokens: Token[]; readonly issues: TemplateIssue[] } {
  const tokens: Token[] = [];
  const issues: TemplateIssue[] = [];
  let text = '';
  let line = 1;
  let column = 1;
  let i = 0;
  const flush = () => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  while (i < template.length) {
    const ch = template[i] ?? '';
    const next = template[i + 1];
    if (ch === '{' && next === '{') {
      text += '{';
      i += 2;
      column += 2;
      continue;
    }
    if (ch === '}' && next === '}') {
      text += '}';
      i += 2;
      column += 2;
      continue;
    }
    if (ch === '}') {
      issues.push({ line, column, message: "a '}' with no '{' before it (write }} for a brace)" });
      i += 1;
      column += 1;
      continue;
    }
    if (ch === '{') {
      const end = template.indexOf('}', i + 1);
      const newline = template.indexOf('\n', i + 1);
      const nested = template.indexOf('{', i + 1);
      if (end < 0 || (newline >= 0 && newline < end) || (nested >= 0 && nested < end)) {
        issues.push({ line, column, message: "a '{' that is never closed (write {{ for a brace)" });
        i += 1;
        column += 1;
        continue;
      }
      const name = template.slice(i + 1, end);
      const trimmed = name.trim();
      if (!NAME.test(trimmed) || !isPlaceholder(trimmed)) {
        issues.push({
          line,
          column,
          message: `unknown placeholder {${name}}; the placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
      } else {
        flush();
        tokens.push({ kind: 'placeholder', name: trimmed });
      }
      column += end + 1 - i;
      i = end + 1;
      continue;
    }
    text += ch;
    i += 1;
    if (ch === '\n') {
      line += 1;
      column = 1;
    } else column += 1;
  }
  flush();
  return { tokens, issues };
}

/** Every problem of a template, with its line and column (1-based); empty when it is sound. */
export function validateTemplate(template: string): TemplateIssue[] {
  return scan(template).issues;
}

export type PlaceholderValues = Readonly<Record<Placeholder, string>>;

/** The template with its placeholders filled; throws on a malformed template (validate first). */
export function fillTemplate(template: string, values: PlaceholderValues): string {
  const { tokens, issues } = scan(template);
  const first = issues[0];
  if (first)
    throw new RangeError(`Template problem at line ${first.line}, column ${first.column}: ${first.message}.`);
  return tokens.map((t) => (t.kind === 'text' ? t.text : values[t.name])).join('');
}

/** The first problem of a customer's templates, naming the template and the part, or null. */
export function termsTemplateIssue(
  templates: CustomerTerms['templates'],
): { readonly kind: UpdateKind; readonly part: 'subject' | 'body'; readonly issue: TemplateIssue } | null {
  for (const kind of UPDATE_KINDS) {
    const t = templates[kind];
    if (!t) continue;
    for (const part of ['subject', 'body'] as const) {
      const issue = validateTemplate(t[part])[0];
      if (issue) return { kind, part, issue };
    }
  }
  return null;
}

export const CORE_CADENCE: Cadence = { sev1: 30, sev2: 60, sev3: 240, sev4: null };

export const CORE_TEMPLATES: TemplateSet = {
  working: {
    subject: '[{customer}] We are working on it: {incident}',
    body: [
      'Hello,',
      '',
      'We are aware of a problem affecting {services} since {start} and are working on it now.',
      'What we are doing: {doing}.',
      '',
      'Next update by {next_update}.',
      '',
      '{engineer}, on-call engineer',
    ].join('\n'),
  },
  update: {
    subject: '[{customer}] Update: {incident}',
    body: [
      'Hello,',
      '',
      'An update on the problem affecting {services} (since {start}, {elapsed} so far).',
      'What we are doing: {doing}.',
      '',
      'Next update by {next_update}.',
      '',
      '{engineer}, on-call engineer',
    ].join('\n'),
  },
  restored: {
    subject: '[{customer}] Restored: {incident}',
    body: [
      'Hello,',
      '',
      '{services} is working again. The problem started at {start} and lasted {elapsed}.',
      'We will look into the root cause and tell you what we find.',
      '',
      '{engineer}, on-call engineer',
    ].join('\n'),
  },
};

export interface EffectiveTerms {
  /** Contact ids chosen by the customer; empty: the first contact in escalation order. */
  readonly recipients: readonly string[];
  readonly cadenceMinutes: Cadence;
  readonly templates: TemplateSet;
  /** What the customer's terms set (the rest is core), for the card and the composer. */
  readonly fromCustomer: {
    readonly recipients: boolean;
    readonly cadence: readonly (keyof Cadence)[];
    readonly templates: readonly UpdateKind[];
  };
}

/** Core terms with the customer's overlay on top. */
export function effectiveTerms(customer: CustomerTerms | null): EffectiveTerms {
  const cadence = { ...CORE_CADENCE };
  const setCadence: (keyof Cadence)[] = [];
  for (const sev of ['sev1', 'sev2', 'sev3', 'sev4'] as const) {
    const v = customer?.cadenceMinutes[sev];
    if (v !== undefined) {
      cadence[sev] = v;
      setCadence.push(sev);
    }
  }
  const templates = { ...CORE_TEMPLATES };
  const setTemplates: UpdateKind[] = [];
  for (const kind of UPDATE_KINDS) {
    const t = customer?.templates[kind];
    if (t) {
      templates[kind] = t;
      setTemplates.push(kind);
    }
  }
  const recipients = customer?.recipients ?? [];
  return {
    recipients,
    cadenceMinutes: cadence,
    templates,
    fromCustomer: { recipients: recipients.length > 0, cadence: setCadence, templates: setTemplates },
  };
}

/** What the incident's log says about updates sent, as the due computation needs it. */
export interface UpdatesSoFar {
  readonly status: 'open' | 'restoring' | 'restored' | 'closed';
  readonly severity: keyof Cadence;
  readonly clockStartAt: string;
  readonly restoredAt: string | null;
  readonly customerUpdates: readonly { readonly at: string; readonly kind: UpdateKind }[];
}

/** Which template the next update takes: first "working on it", later "update", after restore "restored". */
export function nextUpdateKind(incident: UpdatesSoFar): UpdateKind {
  if (incident.restoredAt !== null) return 'restored';
  return incident.customerUpdates.length === 0 ? 'working' : 'update';
}

/** After service is back, the "restored" notice is due this soon (or at the cadence, if sooner). */
export const RESTORED_NOTICE_MINUTES = 15;

export interface UpdateDue {
  readonly kind: UpdateKind;
  readonly dueAt: string;
  /** The latest update sent, if any. */
  readonly lastAt: string | null;
  /** The interval this due time comes from, in minutes (for the amber share). */
  readonly intervalMinutes: number;
}

const MINUTE = 60_000;

/**
 * When the next customer update is due, or null when none is: a closed incident; an
 * active one whose severity has no cadence; a restored one already told, or one whose
 * severity has no cadence and that was never told anything.
 *
 * Active: the cadence after the latest update, or after the clock started when none was
 * sent (so the first "working on it" is due one interval in). Restored: the "restored"
 * notice within RESTORED_NOTICE_MINUTES of the restore (or the cadence, if shorter).
 */
export function nextUpdateDue(incident: UpdatesSoFar, cadence: Cadence): UpdateDue | null {
  if (incident.status === 'closed') return null;
  const every = cadence[incident.severity];
  const sent = [...incident.customerUpdates].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const last = sent[sent.length - 1] ?? null;
  if (incident.restoredAt !== null) {
    const restoredMs = Date.parse(incident.restoredAt);
    const told = sent.some((u) => u.kind === 'restored' && Date.parse(u.at) >= restoredMs - MINUTE);
    if (told) return null;
    if (every === null && sent.length === 0) return null;
    const within = every === null ? RESTORED_NOTICE_MINUTES : Math.min(every, RESTORED_NOTICE_MINUTES);
    return {
      kind: 'restored',
      dueAt: new Date(restoredMs + within * MINUTE).toISOString(),
      lastAt: last?.at ?? null,
      intervalMinutes: within,
    };
  }
  if (every === null) return null;
  const from = Date.parse(last?.at ?? incident.clockStartAt);
  return {
    kind: sent.length === 0 ? 'working' : 'update',
    dueAt: new Date((Number.isNaN(from) ? 0 : from) + every * MINUTE).toISOString(),
    lastAt: last?.at ?? null,
    intervalMinutes: every,
  };
}

/** Less than this share of the interval left counts as "due soon" (amber), as on the restore clock. */
export const UPDATE_APPROACHING_SHARE = 0.25;

export type UpdateClockState = 'ok' | 'approaching' | 'overdue';

export function updateClockState(due: UpdateDue, now: number): UpdateClockState {
  const left = Date.parse(due.dueAt) - now;
  if (left < 0) return 'overdue';
  return left < due.intervalMinutes * MINUTE * UPDATE_APPROACHING_SHARE ? 'approaching' : 'ok';
}
