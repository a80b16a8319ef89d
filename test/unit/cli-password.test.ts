/**
 * Where `lifeline central init` / `lifeline sync` get the central password: the URL for that
 * run, then LIFELINE_CENTRAL_PASSWORD, then PGPASSWORD, then a prompt without echo on a
 * terminal; otherwise none (trust or peer authentication).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { centralPassword, type PasswordIo, PasswordPromptCancelled } from '../../electron/core/cli/password';

const URL_NO_PASSWORD = new URL('postgres://alice@central.example.net:5432/lifeline');

/** A fake terminal: what the user types goes in, everything the CLI writes is collected. */
function fakeTerminal(isTTY: boolean): PasswordIo & { typed: PassThrough; written: () => string } {
  const typed = new PassThrough();
  Object.assign(typed, { isTTY });
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  return {
    input: typed as PassThrough & { isTTY: boolean },
    output,
    typed,
    written: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** A terminal the test expects to stay silent: the password came from elsewhere. */
const untouchedTerminal = (): ReturnType<typeof fakeTerminal> => fakeTerminal(true);

describe('the central password for the CLI', () => {
  it('takes a password in the URL first, decoded, over the environment', async () => {
    const io = untouchedTerminal();
    const url = new URL('postgres://alice:p%40ss%3Aw%2Frd@central.example.net/lifeline');
    expect(await centralPassword(url, { LIFELINE_CENTRAL_PASSWORD: 'env', PGPASSWORD: 'pg' }, io)).toEqual({
      password: 'p@ss:w/rd',
      source: 'url',
    });
    expect(io.written()).toBe('');
  });

  it('prefers LIFELINE_CENTRAL_PASSWORD over PGPASSWORD', async () => {
    const io = untouchedTerminal();
    expect(
      await centralPassword(
        URL_NO_PASSWORD,
        { LIFELINE_CENTRAL_PASSWORD: 'lifeline-pw', PGPASSWORD: 'pg-pw' },
        io,
      ),
    ).toEqual({ password: 'lifeline-pw', source: 'environment', variable: 'LIFELINE_CENTRAL_PASSWORD' });
    expect(await centralPassword(URL_NO_PASSWORD, { PGPASSWORD: 'pg-pw' }, io)).toEqual({
      password: 'pg-pw',
      source: 'environment',
      variable: 'PGPASSWORD',
    });
    expect(io.written()).toBe('');
  });

  it('treats an empty variable as unset', async () => {
    const io = fakeTerminal(false);
    expect(
      await centralPassword(URL_NO_PASSWORD, { LIFELINE_CENTRAL_PASSWORD: '', PGPASSWORD: 'pg-pw' }, io),
    ).toMatchObject({ password: 'pg-pw', variable: 'PGPASSWORD' });
    expect(
      await centralPassword(URL_NO_PASSWORD, { LIFELINE_CENTRAL_PASSWORD: '', PGPASSWORD: '' }, io),
    ).toEqual({ password: null, source: 'none' });
  });

  it('returns none without a terminal (scripts, CI) and never waits for input', async () => {
    const io = fakeTerminal(false);
    expect(await centralPassword(URL_NO_PASSWORD, {}, io)).toEqual({ password: null, source: 'none' });
    expect(io.written()).toBe('');
  });

  it('prompts on a terminal with the user and host, without echoing what is typed', async () => {
    const io = fakeTerminal(true);
    const answer = centralPassword(URL_NO_PASSWORD, {}, io);
    io.typed.write('s3cret-typed\r');
    expect(await answer).toEqual({ password: 's3cret-typed', source: 'prompt' });
    expect(io.written()).toBe('Password for alice@central.example.net: \n');
  });

  it('names PGUSER (or the OS user) in the prompt when the URL has no user', async () => {
    const io = fakeTerminal(true);
    const answer = centralPassword(new URL('postgres://db.internal/lifeline'), { PGUSER: 'oncall' }, io);
    io.typed.write('pw\n');
    expect(await answer).toEqual({ password: 'pw', source: 'prompt' });
    expect(io.written()).toBe('Password for oncall@db.internal: \n');
  });

  it('takes an empty line or end of input as no password', async () => {
    const empty = fakeTerminal(true);
    const a = centralPassword(URL_NO_PASSWORD, {}, empty);
    empty.typed.write('\r');
    expect(await a).toEqual({ password: null, source: 'none' });

    const eof = fakeTerminal(true);
    const b = centralPassword(URL_NO_PASSWORD, {}, eof);
    eof.typed.end();
    expect(await b).toEqual({ password: null, source: 'none' });
  });

  it('stops with an error when the prompt is cancelled with Ctrl+C', async () => {
    const io = fakeTerminal(true);
    const answer = centralPassword(URL_NO_PASSWORD, {}, io);
    io.typed.write('half\u0003');
    await expect(answer).rejects.toBeInstanceOf(PasswordPromptCancelled);
    expect(io.written()).not.toContain('half');
  });
});
