import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainContent,
  type ChainedEvent,
  chainEvents,
  eventHash,
  GENESIS,
  verifyEvents,
} from '../../electron/core/incidents/chain';
import { canonicalJson } from '../../shared/util/canonicalJson';

const INCIDENT = '01970000-0000-7000-8000-000000000001';
const eventId = (n: number) => `01970000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const at = (m: number) => new Date(Date.parse('2025-06-01T10:00:00.000Z') + m * 60_000).toISOString();

function event(n: number, device = 'console-a', payload: unknown = { n }): ChainContent {
  return {
    id: eventId(n),
    incident_id: INCIDENT,
    at: at(n),
    device,
    author: 'Sam Carter',
    type: n === 1 ? 'opened' : 'note',
    payload: JSON.stringify(payload),
  };
}

/** A device's chain of events n..m. */
function chain(from: number, to: number, device = 'console-a'): ChainedEvent[] {
  const rows: ChainContent[] = [];
  for (let n = from; n <= to; n++) rows.push(event(n, device));
  return chainEvents(rows);
}

describe('the incident log hash', () => {
  it('is sha256 of the previous hash, a newline and the canonical JSON of the event', () => {
    const e = event(1, 'console-a', { title: 'dc01 down', assetIds: ['x'] });
    const canonical =
      '{"at":"2025-06-01T10:01:00.000Z","author":"Sam Carter","device":"console-a","id":"01970000-0000-7000-8000-000000000001",' +
      '"incident_id":"01970000-0000-7000-8000-000000000001","payload":{"assetIds":["x"],"title":"dc01 down"},"type":"opened"}';
    expect(eventHash(GENESIS, e)).toBe(createHash('sha256').update(`\n${canonical}`).digest('hex'));
    expect(eventHash('ab', e)).toBe(createHash('sha256').update(`ab\n${canonical}`).digest('hex'));
  });

  it('equals the hash of canonicalJson of the event with its payload parsed, for any event', () => {
    const text = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({ id: text, incident_id: text, at: text, device: text, author: text, type: text }),
        fc.jsonValue(),
        text,
        (fields, value, prev) => {
          const row = { ...fields, payload: JSON.stringify(value) };
          const reference = canonicalJson({ ...fields, payload: JSON.parse(row.payload) as unknown });
          expect(eventHash(prev, row)).toBe(
            createHash('sha256').update(`${prev}\n${reference}`).digest('hex'),
          );
        },
      ),
    );
  });

  it('canonical JSON sorts keys at every level, drops undefined members and keeps the value', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: undefined, a: 'x' }], a: null, c: undefined })).toBe(
      '{"a":null,"b":[1,{"a":"x","d":1}]}',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('does not depend on how the payload text was written, only on its value', () => {
    const a = { ...event(2), payload: '{"a":1,"b":[1,2]}' };
    const b = { ...event(2), payload: '{ "b": [1, 2], "a": 1 }' };
    expect(eventHash('p', a)).toBe(eventHash('p', b));
    expect(eventHash('p', a)).not.toBe(eventHash('p', { ...a, payload: '{"a":2,"b":[1,2]}' }));
  });

  it('tells a payload that is not JSON apart from the JSON string with the same text', () => {
    const text = { ...event(2), payload: 'not json' };
    const json = { ...event(2), payload: '"not json"' };
    expect(eventHash('p', text)).not.toBe(eventHash('p', json));
  });

  it('changes with every field the event is made of', () => {
    const e = event(3);
    const base = eventHash('p', e);
    for (const field of ['id', 'incident_id', 'at', 'device', 'author', 'type'] as const)
      expect(eventHash('p', { ...e, [field]: `${e[field]}x` }), field).not.toBe(base);
    expect(eventHash('q', e)).not.toBe(base);
  });
});

describe('verifying an incident log', () => {
  it('an intact log from two devices verifies clean, in whatever order the rows are read', () => {
    const log = [...chain(1, 5, 'console-a'), ...chain(6, 9, 'console-b')];
    expect(verifyEvents(log)).toEqual([]);
    expect(verifyEvents([...log].reverse())).toEqual([]);
    // Each device's first event starts at GENESIS; the second links to the first.
    expect(log[0]?.prev_hash).toBe(GENESIS);
    expect(log[5]?.prev_hash).toBe(GENESIS);
    expect(log[1]?.prev_hash).toBe(log[0]?.hash);
  });

  it('an edited payload is reported at that event, not at the ones after it', () => {
    const log = chain(1, 6);
    const edited = log.map((e, i) => (i === 2 ? { ...e, payload: '{"n":"changed"}' } : e));
    expect(verifyEvents(edited)).toEqual([
      expect.objectContaining({ eventId: eventId(3), reason: 'edited', incidentId: INCIDENT, type: 'note' }),
    ]);
  });

  it('an event deleted from the middle is reported at the event after the gap', () => {
    const log = chain(1, 6).filter((e) => e.id !== eventId(4));
    expect(verifyEvents(log)).toEqual([
      expect.objectContaining({ eventId: eventId(5), reason: 'missing_predecessor' }),
    ]);
  });

  it('the first event deleted is reported at the one that followed it', () => {
    const log = chain(1, 4).slice(1);
    expect(verifyEvents(log)).toEqual([
      expect.objectContaining({ eventId: eventId(2), reason: 'missing_predecessor' }),
    ]);
  });

  it('an event slipped in beside another (a fork) is reported, the original path kept', () => {
    const log = chain(1, 4);
    const forged = chainEvents([{ ...event(9), at: at(2.5) }], log[1]?.hash ?? undefined);
    expect(verifyEvents([...log, ...forged])).toEqual([
      expect.objectContaining({ eventId: eventId(9), reason: 'fork' }),
    ]);
    // A second first event for the device is a fork too.
    const second = chainEvents([event(8)]);
    expect(verifyEvents([...log, ...second])).toEqual([
      expect.objectContaining({ eventId: eventId(8), reason: 'fork' }),
    ]);
  });

  it('events reordered (their links swapped, hashes kept) are reported', () => {
    const log = chain(1, 4);
    const [a, b, c, d] = log as [ChainedEvent, ChainedEvent, ChainedEvent, ChainedEvent];
    const swapped = [
      a,
      { ...c, prev_hash: a.hash },
      { ...b, prev_hash: c.hash },
      { ...d, prev_hash: b.hash },
    ];
    expect(verifyEvents(swapped)).toEqual([expect.objectContaining({ eventId: c.id, reason: 'edited' })]);
    // Moving an event's time to reorder the log is an edit of that event.
    const moved = log.map((e, i) => (i === 1 ? { ...e, at: at(3.5) } : e));
    expect(verifyEvents(moved)).toEqual([expect.objectContaining({ eventId: b.id, reason: 'edited' })]);
  });

  it('an event without a hash (added to the file afterwards) is reported as unsealed', () => {
    const log = chain(1, 3);
    const added: ChainedEvent = { ...event(4), prev_hash: null, hash: null };
    expect(verifyEvents([...log, added])).toEqual([
      expect.objectContaining({ eventId: eventId(4), reason: 'unsealed' }),
    ]);
  });

  it('a whole chain recomputed after an edit verifies: only another copy can tell (documented limit)', () => {
    const rewritten = chainEvents(
      chain(1, 4).map((e, i) => (i === 1 ? { ...e, payload: '{"n":"rewritten"}' } : e)),
    );
    expect(verifyEvents(rewritten)).toEqual([]);
    expect(rewritten[3]?.hash).not.toBe(chain(1, 4)[3]?.hash);
  });

  it('reports one break per broken device chain and leaves intact devices alone', () => {
    const a = chain(1, 4, 'console-a').map((e, i) => (i === 1 ? { ...e, author: 'Mallory' } : e));
    const b = chain(5, 7, 'console-b');
    const breaks = verifyEvents([...a, ...b]);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatchObject({ device: 'console-a', eventId: eventId(2), reason: 'edited' });
  });
});
