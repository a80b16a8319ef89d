/**
 * The secret messages between the desktop app's back end and its main process: names that
 * become file names, every field of every message validated, and the back end's store
 * that waits for main's answer (or gives up with a clear error).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionSecrets } from '../../electron/core/api/handlers';
import {
  answerSecretRequest,
  createRemoteSecrets,
  isSecretName,
  MAX_SECRET_LENGTH,
  parseSecretRequest,
  parseSecretResult,
  type SecretRequest,
  secretFilePath,
} from '../../electron/core/secrets/protocol';

const BAD_NAMES: unknown[] = [
  '',
  'Central-Password',
  '../central-password',
  'central/password',
  'central\\password',
  'central.password',
  'central password',
  'centrál',
  'a'.repeat(65),
  'central-password\n',
  '\0',
  null,
  undefined,
  42,
  ['central-password'],
];

describe('secret names', () => {
  it('accepts short lowercase names with digits and dashes', () => {
    for (const name of ['central-password', 'a', '0', 'team-2-central', 'a'.repeat(64), '-']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('refuses anything that could leave the secrets folder or is not a plain name', () => {
    for (const name of BAD_NAMES) expect(isSecretName(name), String(name)).toBe(false);
  });

  it('builds <dir>/<name>.bin and refuses to build a path from a bad name', () => {
    const dir = path.resolve('/data/Lifeline/secrets');
    expect(secretFilePath(dir, 'central-password')).toBe(path.join(dir, 'central-password.bin'));
    expect(() => secretFilePath(dir, '../../etc/passwd')).toThrow(/not allowed/);
    expect(() => secretFilePath(dir, 'UPPER')).toThrow(/lowercase letters, digits or dashes/);
  });
});

describe('requests from the back end (checked by main)', () => {
  it('accepts a get and a set, including set null to forget', () => {
    expect(parseSecretRequest({ type: 'secret', id: 1, op: 'get', name: 'central-password' })).toEqual({
      ok: true,
      request: { type: 'secret', id: 1, op: 'get', name: 'central-password' },
    });
    expect(
      parseSecretRequest({ type: 'secret', id: 2, op: 'set', name: 'central-password', value: 'pw' }),
    ).toEqual({
      ok: true,
      request: { type: 'secret', id: 2, op: 'set', name: 'central-password', value: 'pw' },
    });
    expect(
      parseSecretRequest({ type: 'secret', id: 3, op: 'set', name: 'central-password', value: null }),
    ).toMatchObject({ ok: true, request: { value: null } });
  });

  it('refuses messages without a usable id and cannot answer them', () => {
    for (const data of [
      null,
      'secret',
      [],
      { type: 'call', id: 1 },
      { type: 'secret', op: 'get', name: 'x' },
      { type: 'secret', id: 0, op: 'get', name: 'x' },
      { type: 'secret', id: -1, op: 'get', name: 'x' },
      { type: 'secret', id: 1.5, op: 'get', name: 'x' },
      { type: 'secret', id: '1', op: 'get', name: 'x' },
      { type: 'secret', id: Number.MAX_SAFE_INTEGER + 2, op: 'get', name: 'x' },
    ]) {
      expect(parseSecretRequest(data), JSON.stringify(data)).toMatchObject({ ok: false, id: null });
    }
  });

  it('refuses bad operations, names and values but keeps the id so the back end hears why', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'secret', id: 7, op: 'delete', name: 'x' }, /Unknown secret operation "delete"/],
      [{ type: 'secret', id: 7, name: 'x' }, /Unknown secret operation/],
      [{ type: 'secret', id: 7, op: 'get', name: '../x' }, /not allowed/],
      [{ type: 'secret', id: 7, op: 'get', name: 42 }, /a number is not allowed/],
      [{ type: 'secret', id: 7, op: 'get', name: 'x', value: 'v' }, /carries no value/],
      [{ type: 'secret', id: 7, op: 'set', name: 'x' }, /text value, or null/],
      [{ type: 'secret', id: 7, op: 'set', name: 'x', value: 12 }, /must be text/],
      [{ type: 'secret', id: 7, op: 'set', name: 'x', value: { pw: 'x' } }, /must be text/],
      [{ type: 'secret', id: 7, op: 'set', name: 'x', value: 'v'.repeat(MAX_SECRET_LENGTH + 1) }, /at most/],
    ];
    for (const [data, message] of cases) {
      const parsed = parseSecretRequest(data);
      expect(parsed, JSON.stringify(data).slice(0, 100)).toMatchObject({ ok: false, id: 7 });
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
  });
});

describe('answers from main (checked by the back end)', () => {
  it('accepts a value, no value, or an error message', () => {
    expect(parseSecretResult({ type: 'secret-result', id: 1, ok: true, value: 'pw' })).toEqual({
      type: 'secret-result',
      id: 1,
      ok: true,
      value: 'pw',
    });
    expect(parseSecretResult({ type: 'secret-result', id: 1, ok: true })).toMatchObject({ value: null });
    expect(parseSecretResult({ type: 'secret-result', id: 1, ok: false, message: 'locked' })).toMatchObject({
      ok: false,
      message: 'locked',
    });
  });

  it('drops malformed answers', () => {
    for (const data of [
      null,
      { type: 'secret-result', ok: true, value: 'pw' },
      { type: 'secret-result', id: 'x', ok: true },
      { type: 'secret-result', id: 1, ok: 'yes' },
      { type: 'secret-result', id: 1, ok: true, value: 5 },
      { type: 'secret-result', id: 1, ok: true, value: 'v'.repeat(MAX_SECRET_LENGTH + 1) },
      { type: 'secret-result', id: 1, ok: false },
      { type: 'secret', id: 1, ok: true },
    ]) {
      expect(parseSecretResult(data), JSON.stringify(data).slice(0, 100)).toBeNull();
    }
  });
});

/** The back end's store wired to a store on "main" through the real parsers and a structured clone. */
function wired(main = sessionSecrets()) {
  const posted: SecretRequest[] = [];
  const remote = createRemoteSecrets({
    kind: 'os-keychain',
    post: (request) => {
      posted.push(request);
      const parsed = parseSecretRequest(structuredClone(request));
      if (!parsed.ok) throw new Error(parsed.message);
      void answerSecretRequest(main, parsed.request).then((result) => {
        const back = parseSecretResult(structuredClone(result));
        if (back) remote.receive(back);
      });
    },
  });
  return { remote, posted, main };
}

describe("the back end's secret store", () => {
  it('saves, reads and forgets a secret through main, reporting main’s kind', async () => {
    const { remote, posted, main } = wired();
    expect(remote.store.kind).toBe('os-keychain');
    expect(await remote.store.get('central-password')).toBeNull();
    await remote.store.set('central-password', 'correct horse');
    expect(await main.get('central-password')).toBe('correct horse');
    expect(await remote.store.get('central-password')).toBe('correct horse');
    await remote.store.set('central-password', null);
    expect(await remote.store.get('central-password')).toBeNull();
    expect(posted.map((p) => p.op)).toEqual(['get', 'set', 'get', 'set', 'get']);
    expect(new Set(posted.map((p) => p.id)).size).toBe(posted.length);
  });

  it('turns an error in main into a rejection with main’s message', async () => {
    const failing = {
      kind: 'os-keychain' as const,
      get: async () => {
        throw new Error('The keychain is locked.');
      },
      set: async () => undefined,
    };
    const { remote } = wired(failing);
    await expect(remote.store.get('central-password')).rejects.toThrow('The keychain is locked.');
  });

  it('refuses a bad name or value without asking main', async () => {
    const { remote, posted } = wired();
    await expect(remote.store.get('../x')).rejects.toThrow(/not allowed/);
    await expect(remote.store.set('x', 'v'.repeat(MAX_SECRET_LENGTH + 1))).rejects.toThrow(/at most/);
    expect(posted).toEqual([]);
  });

  it('gives up with a clear error when main never answers, and ignores a late answer', async () => {
    const posted: SecretRequest[] = [];
    const remote = createRemoteSecrets({ kind: 'session', post: (r) => posted.push(r), timeoutMs: 30 });
    await expect(remote.store.get('central-password')).rejects.toThrow(
      /did not answer within 30 ms when asked to read the secret "central-password"/,
    );
    const id = posted[0]?.id ?? 0;
    expect(() => remote.receive({ type: 'secret-result', id, ok: true, value: 'late' })).not.toThrow();
  });

  it('ignores answers to requests it never made', async () => {
    const posted: SecretRequest[] = [];
    const remote = createRemoteSecrets({ kind: 'session', post: (r) => posted.push(r) });
    const pending = remote.store.get('central-password');
    remote.receive({ type: 'secret-result', id: 999, ok: true, value: 'forged' });
    remote.receive({ type: 'secret-result', id: posted[0]?.id ?? 0, ok: true, value: 'real' });
    expect(await pending).toBe('real');
  });

  it('fails waiting requests when the port goes away, and fails at once when it cannot post', async () => {
    const remote = createRemoteSecrets({ kind: 'session', post: () => undefined });
    const pending = remote.store.set('central-password', 'pw');
    remote.failAll('Lifeline is closing.');
    await expect(pending).rejects.toThrow('Lifeline is closing.');

    const broken = createRemoteSecrets({
      kind: 'session',
      post: () => {
        throw new Error('port closed');
      },
    });
    await expect(broken.store.get('central-password')).rejects.toThrow(/could not be requested.*port closed/);
  });
});
