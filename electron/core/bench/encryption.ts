/**
 * What encryption at rest costs: search and the durable step record on two copies of the
 * same database, made by the same VACUUM INTO, one SQLCipher-encrypted and one decrypted,
 * in the same process, alternated call by call so that drift on a busy machine hits both.
 */
import path from 'node:path';
import type { Result } from '../../../shared/api/result';
import { type Backend, createBackend } from '../api/backend';
import { applyKey, connect, type Db } from '../db/driver';
import { copyDatabase } from '../db/encryption';
import { storedFormat } from '../db/fileFormat';
import type { DatabaseKey } from '../db/key';
import { stepRecorder } from './backend';
import type { BenchQuery } from './queries';
import { type BenchRow, percentileRow, skipped } from './report';

const SEARCH_LIMIT = 20;
const WARM_UP = 3;

const ms = () => performance.now();

/** A copy of `source` with no encryption: an encrypted VACUUM INTO copy, rekeyed to none. */
function decryptedCopy(source: Db, key: DatabaseKey, file: string): void {
  copyDatabase(source, file);
  const c = connect(file, { fileMustExist: true });
  try {
    applyKey(c, key);
    c.pragma("rekey = ''");
  } finally {
    c.close();
  }
}

/** Both measurements, the encrypted one first on even turns: the second finds caches warm. */
async function inTurn(turn: number, enc: () => Promise<number>, plain: () => Promise<number>) {
  if (turn % 2 === 0) {
    const e = await enc();
    return { enc: e, plain: await plain() };
  }
  const p = await plain();
  return { enc: await enc(), plain: p };
}

async function timed(backend: Backend, name: string, input: unknown): Promise<number> {
  const t0 = ms();
  const r: Result<unknown> = await backend.call(name, input);
  const t = ms() - t0;
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return t;
}

export interface EncryptionBenchOptions {
  /** The benchmark database (encrypted with `key`), open in the main back end. */
  readonly source: Db;
  readonly key: DatabaseKey;
  readonly workDir: string;
  readonly queries: readonly BenchQuery[];
  readonly searchReps: number;
  readonly recordSamples: number;
  readonly seed: number;
}

export async function encryptionRows(opts: EncryptionBenchOptions): Promise<BenchRow[]> {
  const encFile = path.join(opts.workDir, 'bench-encrypted.db');
  const plainFile = path.join(opts.workDir, 'bench-plaintext.db');
  copyDatabase(opts.source, encFile);
  decryptedCopy(opts.source, opts.key, plainFile);
  if (storedFormat(encFile) !== 'encrypted' || storedFormat(plainFile) !== 'plaintext') {
    return [
      skipped('encryption cost: search p50', 'ms', 'the two copies did not come out encrypted and plain'),
    ];
  }
  const enc = createBackend({ dbPath: encFile, dbKey: opts.key, transport: 'web' });
  const plain = createBackend({ dbPath: plainFile, transport: 'web' });
  try {
    const pair = [enc, plain] as const;
    const search = { enc: [] as number[], plain: [] as number[] };
    for (const q of opts.queries) {
      for (const b of pair) await timed(b, 'search:query', { query: q.text, limit: SEARCH_LIMIT });
    }
    for (let r = 0; r < opts.searchReps; r++) {
      for (const [i, q] of opts.queries.entries()) {
        const input = { query: q.text, limit: SEARCH_LIMIT };
        const t = await inTurn(
          r + i,
          () => timed(enc, 'search:query', input),
          () => timed(plain, 'search:query', input),
        );
        search.enc.push(t.enc);
        search.plain.push(t.plain);
      }
    }

    const recordEnc = await stepRecorder(enc, opts.seed, opts.recordSamples);
    const recordPlain = await stepRecorder(plain, opts.seed, opts.recordSamples);
    const record = { enc: [] as number[], plain: [] as number[] };
    if (typeof recordEnc !== 'string' && typeof recordPlain !== 'string') {
      for (let i = 0; i < opts.recordSamples + WARM_UP; i++) {
        const t = await inTurn(i, recordEnc, recordPlain);
        if (i >= WARM_UP) {
          record.enc.push(t.enc);
          record.plain.push(t.plain);
        }
      }
    }

    const vs = (samples: number[], what: string) => ({ samples, name: `${what}, unencrypted copy` });
    const cipherNote = 'SQLCipher 4 (AES-256-CBC, HMAC-SHA512 per 4 KiB page), raw 256-bit key';
    const rows: BenchRow[] = [
      percentileRow('encryption cost: search p50', search.enc, 50, 'ms', {
        baseline: vs(search.plain, 'same search:query'),
        note: `${search.enc.length} search:query calls on each copy, alternated; ${cipherNote}`,
      }),
      percentileRow('encryption cost: search p95', search.enc, 95, 'ms', {
        baseline: vs(search.plain, 'same search:query'),
      }),
    ];
    if (record.enc.length === 0) {
      rows.push(
        skipped(
          'encryption cost: durable step record p50',
          'ms',
          typeof recordEnc === 'string' ? recordEnc : String(recordPlain),
        ),
      );
    } else {
      rows.push(
        percentileRow('encryption cost: durable step record p50', record.enc, 50, 'ms', {
          baseline: vs(record.plain, 'same incident:record'),
          note: `${record.enc.length} step records on each copy, alternated; WAL, synchronous=FULL`,
        }),
        percentileRow('encryption cost: durable step record p99', record.enc, 99, 'ms', {
          baseline: vs(record.plain, 'same incident:record'),
        }),
      );
    }
    return rows;
  } finally {
    enc.close();
    plain.close();
  }
}
