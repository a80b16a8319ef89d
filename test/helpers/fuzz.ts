/**
 * Inputs for the API fuzz test (test/integration/api-fuzz.test.ts): a fast-check arbitrary
 * made from a call's input schema (through its JSON Schema, z.toJSONSchema), which yields
 * inputs the schema should accept, and a breaker that spoils such an input the ways a
 * hostile or buggy client would: wrong types, missing and extra fields, huge and malformed
 * strings, `__proto__` keys, deep nesting, odd numbers, huge arrays.
 *
 * Each generated case is a recipe (valid sample + one mutation) printed in a few words, so a
 * failure names what was sent without dumping a megabyte string.
 */
import fc from 'fast-check';
import { z } from 'zod';

/** The parts of JSON Schema that z.toJSONSchema writes for our inputs. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly prefixItems?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
}

const UUID = /^\^\[0-9a-f\]\{8\}-/;

/** What a valid-looking input draws on: ids of real records by table, and words the handlers know. */
export interface Vocabulary {
  readonly ids: Readonly<Record<string, readonly string[]>>;
  readonly words: readonly string[];
  /** Realistic values for a field by its name (`files`: a CSV folder, `text`: an alert), drawn as often as made-up ones. */
  readonly byKey: Readonly<Record<string, readonly unknown[]>>;
}

/** The records a field names: `customerId` a customer's, `id` the call's own domain's (`asset:get`). */
function idsFor(vocab: Vocabulary, key: string, domain: string): readonly string[] {
  const base = key === 'id' || key === 'entityId' ? domain : key.replace(/Ids?$/, '');
  const singular = base.replace(/([A-Z])/g, '_$1').toLowerCase();
  const tables = Object.keys(vocab.ids);
  const table =
    tables.find((t) => t === `${singular}s`) ??
    tables.find((t) => t.endsWith(`_${singular}s`) || t === `${singular}_events`);
  return table ? (vocab.ids[table] ?? []) : Object.values(vocab.ids).flat();
}

/** Where in the input a value is: the property it is under, and the call's domain. */
interface Place {
  readonly key: string;
  readonly domain: string;
}

function asArbitrary(
  s: JsonSchema,
  root: JsonSchema,
  vocab: Vocabulary,
  depth: number,
  place: Place,
): fc.Arbitrary<unknown> {
  if (s.$ref !== undefined) {
    if (depth <= 0) return fc.constant(null);
    const name = s.$ref.replace(/^#\/\$defs\//, '');
    const target = s.$ref === '#' ? root : root.$defs?.[name];
    return target ? asArbitrary(target, root, vocab, depth - 1, place) : fc.constant(null);
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => asArbitrary(a, root, vocab, depth, place)));
  if (s.allOf?.[0]) return asArbitrary(s.allOf[0], root, vocab, depth, place);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArbitrary(s, vocab, place);
    case 'integer':
    case 'number': {
      const lo = Math.max(
        s.minimum ?? -1e6,
        s.exclusiveMinimum === undefined ? -1e6 : s.exclusiveMinimum + 1,
      );
      const hi = Math.min(s.maximum ?? 1e6, s.exclusiveMaximum === undefined ? 1e6 : s.exclusiveMaximum - 1);
      const near = fc.integer({ min: lo, max: Math.min(hi, lo + 5) });
      return type === 'integer'
        ? fc.oneof(near, fc.integer({ min: lo, max: hi }))
        : fc.oneof(near, fc.double({ min: lo, max: hi, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems)
        return fc.tuple(...s.prefixItems.map((p) => asArbitrary(p, root, vocab, depth, place)));
      const item = s.items
        ? asArbitrary(s.items, root, vocab, depth - 1, place)
        : fc.jsonValue({ maxDepth: 1 });
      const minLength = s.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = s.required ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(props)) {
        const made = asArbitrary(value, root, vocab, depth - 1, { ...place, key });
        const real = vocab.byKey[key] ?? [];
        model[key] = real.length > 0 ? fc.oneof(made, fc.constantFrom(...real)) : made;
      }
      const record = fc.record(model, { requiredKeys: required.filter((k) => k in props) });
      const extra = s.additionalProperties;
      if (typeof extra !== 'object' || Object.keys(props).length > 0) return record;
      return fc.dictionary(
        fc.constantFrom(...vocab.words),
        asArbitrary(extra, root, vocab, depth - 1, place),
        {
          maxKeys: 3,
        },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(s: JsonSchema, vocab: Vocabulary, place: Place): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  const fits = (v: string) => v.length >= minLength && v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY);
  if (s.pattern !== undefined && UUID.test(s.pattern)) {
    const real = idsFor(vocab, place.key, place.domain);
    return real.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, fc.uuid())
      : fc.uuid();
  }
  if (s.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (s.format === 'email') return fc.constantFrom('ops@example.com', 'a.b@msp.example');
  if (s.pattern !== undefined) {
    try {
      return fc.stringMatching(new RegExp(s.pattern, 'u')).filter(fits);
    } catch {
      // A pattern fast-check cannot generate from: any string of the right length.
    }
  }
  const free = fc.string({ minLength, maxLength });
  const words = vocab.words.filter(fits);
  return words.length > 0 ? fc.oneof(free, fc.constantFrom(...words)) : free;
}

/** Inputs a call's schema describes (it may still refuse a few: refinements are not in JSON Schema). */
export function inputArbitrary(name: string, schema: z.ZodType, vocab: Vocabulary): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return asArbitrary(json, json, vocab, 6, { key: '', domain: name.split(':')[0] ?? '' });
}

// The heavy values are made once and shared: each is read, never changed, by the back end.
const MEGABYTE = 'x'.repeat(1024 * 1024);
function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
}
const DEEP_OBJECT = nested(10_000, (inner) => ({ a: inner }));
const DEEP_ARRAY = nested(10_000, (inner) => [inner]);
const HUGE_ARRAY: readonly unknown[] = Array.from({ length: 100_000 }, (_v, i) => i);

/** Values with a wrong type for almost any field. */
const WRONG_TYPES: ReadonlyArray<readonly [string, unknown]> = [
  ['an object', { nested: true }],
  ['an array', [1, 2]],
  ['a string', 'text'],
  ['a number', 12],
  ['true', true],
  ['null', null],
  ['undefined', undefined],
];
const HOSTILE_STRINGS: ReadonlyArray<readonly [string, string]> = [
  ['a 1 MB string', MEGABYTE],
  ['NUL', '\u0000'],
  ['an embedded NUL', 'abc\u0000def'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', 'x\udfffy'],
  ['right-to-left override', '\u202eevil'],
  ['an empty string', ''],
  ['blanks', ' \t\n '],
  ['SQL', "'; DROP TABLE customers; --"],
  ['a LIKE wildcard', '%_%'],
  ['FTS syntax', '"NEAR(a OR* -b:'],
  ['a path', '../../../../etc/passwd'],
];
const ODD_NUMBERS: ReadonlyArray<readonly [string, number]> = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
  ['1e308', 1e308],
  ['2^53 + 2', 2 ** 53 + 2],
  ['-2^63', -(2 ** 63)],
  ['0.5', 0.5],
  ['-1', -1],
];
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'unexpected'];

type Path = readonly (string | number)[];

/** Every place in a value a mutation can hit: the value itself and everything inside it. */
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...at, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

/** Sets an own property, even one named `__proto__`, as JSON.parse would. */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function cloneShallowAlong(
  value: unknown,
  path: Path,
  change: (parent: unknown, key: string | number) => void,
) {
  const copy = (v: unknown): unknown =>
    Array.isArray(v) ? [...v] : v && typeof v === 'object' ? { ...v } : v;
  const root = copy(value);
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number;
    const parent = node as Record<string | number, unknown>;
    const next = copy(parent[key]);
    setOwn(parent, key, next);
    node = next;
  }
  const last = path[path.length - 1];
  if (last !== undefined) change(node, last);
  return root;
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  return cloneShallowAlong(value, path, (parent, key) =>
    setOwn(parent as Record<string, unknown>, key, replacement),
  );
}

/** A case sent to a call: an input and, for the report, how it was made. */
export interface FuzzCase {
  readonly input: unknown;
  readonly how: string;
}

const where = (path: Path) => (path.length === 0 ? 'the input' : path.join('.'));

const valueAt = (v: unknown, p: Path): unknown =>
  p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Values for a field inside a file (JSON or CSV) the input carries as text. */
const FILE_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ...WRONG_TYPES.filter(([, v]) => v !== undefined),
  ['a huge number', 1e308],
  ['-1', -1],
  ['a fraction', 1.5],
  ['a 100 kB string', 'y'.repeat(100_000)],
  ['NUL', '\u0000'],
  ['a lone surrogate', '\ud800'],
  ['a formula', '=cmd|calc'],
  ['a quote', '"'],
];

function parsesAsJson(text: string): boolean {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
const looksCsv = (text: string) => !parsesAsJson(text) && /^[^\n]*,[^\n]*\n/.test(text);

/** A JSON document inside a string, spoiled one way: a wrong value, a field gone, an extra `__proto__`. */
function spoilJson(text: string): fc.Arbitrary<readonly [string, string]> {
  const doc: unknown = JSON.parse(text);
  return fc.constantFrom(...paths(doc)).chain((p) =>
    fc.oneof(
      fc
        .constantFrom(...FILE_VALUES)
        .map(([name, bad]) => [`${name} at ${where(p)}`, JSON.stringify(replaceAt(doc, p, bad))] as const),
      fc.constant([
        `no ${where(p)}`,
        JSON.stringify(
          p.length === 0
            ? null
            : cloneShallowAlong(doc, p, (parent, key) => {
                if (Array.isArray(parent)) parent.splice(Number(key), 1);
                else delete (parent as Record<string, unknown>)[key];
              }),
        ),
      ] as const),
      fc.constantFrom(...EXTRA_KEYS).map((key) => {
        const node = valueAt(doc, p);
        if (!isRecord(node))
          return [`${key} instead of ${where(p)}`, JSON.stringify(replaceAt(doc, p, key))] as const;
        const copy = replaceAt(doc, p, { ...node });
        setOwn(valueAt(copy, p) as Record<string, unknown>, key, { polluted: true });
        return [`extra key ${key} at ${where(p)}`, JSON.stringify(copy)] as const;
      }),
    ),
  );
}

/** A CSV file spoiled one way: one cell replaced, or a header gone. */
function spoilCsv(text: string): fc.Arbitrary<readonly [string, string]> {
  const lines = text.split('\n');
  return fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 20 })).chain(([row, column]) =>
    fc
      .constantFrom(...FILE_VALUES.filter(([, v]) => typeof v === 'string' || typeof v === 'number'))
      .map(([name, bad]) => {
        const cells = (lines[row] ?? '').split(',');
        const at = column % Math.max(cells.length, 1);
        cells[at] = String(bad);
        const copy = [...lines];
        copy[row] = cells.join(',');
        return [`${name} in row ${row} column ${at}`, copy.join('\n')] as const;
      }),
  );
}

/** A valid-looking input, or one broken in one way, each case saying which. */
export function caseArbitrary(valid: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzCase> {
  const sample = (how: string, input: unknown): FuzzCase => ({ input, how });
  /** A sample and a place in it that `fits`; the whole input when nothing inside fits. */
  const placed = (fits: (node: unknown, p: Path) => boolean) =>
    valid.chain((v) => {
      const candidates = paths(v).filter((p) => fits(valueAt(v, p), p));
      return fc.constantFrom(...(candidates.length > 0 ? candidates : [[]])).map((p) => [v, p] as const);
    });
  const anywhere = placed(() => true);
  const brokenWith = <T>(label: string, options: ReadonlyArray<readonly [string, T]>) =>
    anywhere.chain(([v, p]) =>
      fc
        .constantFrom(...options)
        .map(([name, bad]) => sample(`${label} ${name} at ${where(p)}`, replaceAt(v, p, bad))),
    );
  const removeAt = (v: unknown, p: Path) =>
    p.length === 0
      ? undefined
      : cloneShallowAlong(v, p, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete (parent as Record<string, unknown>)[key];
        });
  const addKey = (v: unknown, p: Path, key: string, extra: unknown) => {
    const input = replaceAt(v, p, { ...(valueAt(v, p) as object) });
    setOwn(valueAt(input, p) as Record<string, unknown>, key, extra);
    return input;
  };
  const file = placed((node) => typeof node === 'string' && (parsesAsJson(node) || looksCsv(node)));
  const spoiledFile = file.chain(([v, p]) => {
    const text = valueAt(v, p);
    if (typeof text !== 'string') return fc.constant(sample('valid-looking', v));
    return (parsesAsJson(text) ? spoilJson(text) : spoilCsv(text)).map(([how, spoiled]) =>
      sample(`file at ${where(p)}: ${how}`, replaceAt(v, p, spoiled)),
    );
  });
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((input) => sample('valid-looking', input)) },
    { weight: 3, arbitrary: spoiledFile },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...WRONG_TYPES, ['NaN', Number.NaN] as const, ['an empty array', []] as const)
        .map(([name, bad]) => sample(`${name} as the whole input`, bad)),
    },
    { weight: 2, arbitrary: brokenWith('wrong type:', WRONG_TYPES) },
    { weight: 2, arbitrary: brokenWith('string:', HOSTILE_STRINGS) },
    { weight: 2, arbitrary: brokenWith('number:', ODD_NUMBERS) },
    {
      weight: 1,
      arbitrary: brokenWith('nesting:', [
        ['10 000 nested objects', DEEP_OBJECT],
        ['10 000 nested arrays', DEEP_ARRAY],
        ['an array of 100 000 numbers', HUGE_ARRAY],
      ] as const),
    },
    {
      weight: 2,
      arbitrary: placed((_n, p) => p.length > 0).map(([v, p]) =>
        sample(`missing ${where(p)}`, removeAt(v, p)),
      ),
    },
    {
      weight: 2,
      arbitrary: placed(isRecord).chain(([v, p]) =>
        fc
          .tuple(fc.constantFrom(...EXTRA_KEYS), fc.constantFrom<unknown>({ polluted: true }, 'x', 1, null))
          .map(([key, extra]) =>
            isRecord(valueAt(v, p))
              ? sample(`extra key ${key} at ${where(p)}`, addKey(v, p, key, extra))
              : sample(`${key} as the whole input`, key),
          ),
      ),
    },
    {
      weight: 1,
      arbitrary: placed(Array.isArray).map(([v, p]) => {
        const node = valueAt(v, p);
        const fill = Array.isArray(node) && node.length > 0 ? node[0] : 'x';
        return sample(
          `100 000 copies of an element at ${where(p)}`,
          replaceAt(v, p, new Array(100_000).fill(fill)),
        );
      }),
    },
  );
}
