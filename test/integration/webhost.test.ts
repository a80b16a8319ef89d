import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Backend } from '../../electron/core/api/backend';
import { startWebHost, type WebHost } from '../../electron/core/web/server';
import { CALL_NAMES } from '../../shared/api/contract';
import { backendWithCustomers } from '../helpers/backend';
import { startServe } from '../helpers/serve';
import { dumpDatabase, tempDir } from '../helpers/tmp';

let host: WebHost | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await host?.close();
  backend?.close();
  host = undefined;
});

async function start(): Promise<WebHost> {
  backend = backendWithCustomers();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lifeline</title>');
  fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'outside');
  host = await startWebHost({ backend, staticDir });
  return host;
}

/** Raw request, so tests can send any Host and Origin headers. */
function request(
  h: WebHost,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${h.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const call = (h: WebHost, name: string, input: unknown, headers: Record<string, string> = {}) =>
  request(h, {
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, ...headers },
    body: JSON.stringify(input),
  });

describe('lifeline serve web host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a random token', async () => {
    const h = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const other = await startWebHost({ backend: backend!, staticDir: tempDir() });
    expect(other.token).not.toBe(h.token);
    await other.close();
  });

  it('answers calls that carry the token', async () => {
    const h = await start();
    const r = await call(h, 'customer:list', { query: 'harbor' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: 1, items: [{ code: 'HARB' }] } });
  });

  it('refuses a missing or wrong token, another Origin or another Host, and changes nothing', async () => {
    const h = await start();
    const before = dumpDatabase(backend!.db);
    const attempts: Array<{ headers: Record<string, string>; status: number; code: string }> = [
      { headers: { authorization: '' }, status: 401, code: 'UNAUTHORIZED' },
      { headers: { authorization: 'Bearer wrong-token' }, status: 401, code: 'UNAUTHORIZED' },
      { headers: { authorization: `Bearer ${h.token}x` }, status: 401, code: 'UNAUTHORIZED' },
      { headers: { origin: 'http://evil.example' }, status: 403, code: 'FORBIDDEN' },
      { headers: { origin: `http://127.0.0.1:${h.port + 1}` }, status: 403, code: 'FORBIDDEN' },
      { headers: { host: `evil.example:${h.port}` }, status: 403, code: 'FORBIDDEN' },
    ];
    for (const a of attempts) {
      const r = await call(h, 'settings:update', { theme: 'light' }, a.headers);
      expect(r.status, JSON.stringify(a.headers)).toBe(a.status);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: a.code } });
    }
    expect(dumpDatabase(backend!.db)).toBe(before);
    // The same origin is fine.
    const same = await call(h, 'settings:get', {}, { origin: h.origin });
    expect(JSON.parse(same.body)).toEqual({ ok: true, value: { theme: 'dark' } });
  });

  it('rejects a body that is not JSON with a clear error', async () => {
    const h = await start();
    const r = await request(h, {
      method: 'POST',
      path: '/api/call/customer:list',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: '{"query": "acm',
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('documents every call in /api/openapi.json, behind the token', async () => {
    const h = await start();
    expect((await request(h, { path: '/api/openapi.json' })).status).toBe(401);
    const r = await request(h, {
      path: '/api/openapi.json',
      headers: { authorization: `Bearer ${h.token}` },
    });
    const doc = JSON.parse(r.body) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(CALL_NAMES.map((n) => `/api/call/${n}`).sort());
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const h = await start();
    const page = await request(h, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe');
    const traversal = await request(h, { path: '/../secret.txt' });
    expect(traversal.body).not.toContain('outside');
    const encoded = await request(h, { path: '/%2e%2e/%2e%2e/etc/passwd' });
    expect(encoded.body).not.toContain('root:');
  });

  it('pushes events over a WebSocket that needs the token and the right Origin', async () => {
    const h = await start();
    const url = `ws://127.0.0.1:${h.port}/api/events`;
    const refused = (u: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(u, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
      });
    expect(await refused(url)).toBe(401);
    expect(await refused(`${url}?token=nope`)).toBe(401);
    expect(await refused(`${url}?token=${h.token}`, 'http://evil.example')).toBe(403);

    const ws = new WebSocket(`${url}?token=${h.token}`, { origin: h.origin });
    await new Promise((resolve) => ws.on('open', resolve));
    const message = new Promise<string>((resolve) => ws.on('message', (d: Buffer) => resolve(d.toString())));
    await call(h, 'settings:update', { theme: 'light' });
    expect(JSON.parse(await message)).toEqual({ event: 'data:changed', payload: { domains: ['settings'] } });
    ws.close();
  });

  it('closes a WebSocket that sends a malformed frame (1002) or too big a message (1009), and keeps serving', async () => {
    const h = await start();
    // Another console's socket, which must stay open throughout.
    const other = new WebSocket(`ws://127.0.0.1:${h.port}/api/events?token=${h.token}`, { origin: h.origin });
    await new Promise((resolve) => other.on('open', resolve));
    // RSV1 set without permessage-deflate: a protocol error.
    const rsv1 = Buffer.from([0x80 | 0x40 | 0x1, 0x80 | 2, 1, 2, 3, 4, 0x69 ^ 1, 0x21 ^ 2]);
    expect(await closeCodeAfter(h, rsv1)).toBe(1002);
    // A text frame announcing 70 000 bytes, over the limit: refused from its header alone.
    const big = Buffer.alloc(2 + 8 + 4);
    big[0] = 0x81;
    big[1] = 0x80 | 127;
    big.writeBigUInt64BE(70_000n, 2);
    expect(await closeCodeAfter(h, big)).toBe(1009);
    const r = await call(h, 'customer:list', { query: 'harbor' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: 1 } });
    const message = new Promise<string>((resolve) =>
      other.on('message', (d: Buffer) => resolve(d.toString())),
    );
    await call(h, 'settings:update', { theme: 'light' });
    expect(JSON.parse(await message)).toMatchObject({ event: 'data:changed' });
    other.close();
  });

  it('a real `lifeline serve` process outlives a malformed frame and a message over the limit', async () => {
    const served = await startServe(['--db', path.join(tempDir(), 'served.db')]);
    try {
      const target = { port: Number(new URL(served.origin).port), token: served.token };
      expect(await closeCodeAfter(target, Buffer.from([0xc1, 0x82, 1, 2, 3, 4, 0x68, 0x23]))).toBe(1002);
      const big = Buffer.alloc(2 + 8 + 4);
      big[0] = 0x81;
      big[1] = 0x80 | 127;
      big.writeBigUInt64BE(1n << 40n, 2);
      expect(await closeCodeAfter(target, big)).toBe(1009);
      expect((await served.call('app:info', {})).transport).toBe('web');
      expect(served.child.exitCode).toBeNull();
    } finally {
      await served.stop();
    }
  });

  it('answers 413 to a body over the limit before it is sent, for Content-Length and chunked bodies', async () => {
    const h = await start();
    const before = dumpDatabase(backend!.db);
    // 200 MB announced, none of it sent: the answer must come anyway.
    const announced = await rawExchange(
      h,
      callHead(h, 'settings:update', { 'content-length': String(200 * 1024 * 1024) }),
    );
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.parse(announced.body).error.message).toContain('4 MB');
    // An ordinary call's limit is 4 MB even when the body comes in chunks with no length.
    const chunked = await rawExchange(h, callHead(h, 'settings:update', { 'transfer-encoding': 'chunked' }), {
      chunk: Buffer.alloc(1024 * 1024, 0x20),
      chunks: 6,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.chunksSent).toBeLessThan(6);
    // Imports may send more: 5 MB is read and parsed (and refused by the schema, not by size).
    const importBody = JSON.stringify({
      source: 'csv',
      files: [{ name: 'x', content: 'a'.repeat(5 * 1024 * 1024) }],
    });
    const imported = await call(h, 'import:run', JSON.parse(importBody));
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dumpDatabase(backend!.db)).toBe(before);
    const r = await call(h, 'customer:list', { query: 'harbor' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('answers 503 with Retry-After when too many bodies are in flight, and serves again once they end', async () => {
    const h = await start();
    // Eight bodies started and never finished hold every slot.
    const held = await Promise.all(
      Array.from({ length: 8 }, () =>
        openRaw(h, callHead(h, 'customer:list', { 'content-length': '1000' }), Buffer.from('{"query":')),
      ),
    );
    // Imports have two slots of their own within those.
    const busy = await rawExchange(h, callHead(h, 'customer:list', { 'content-length': '2' }), {
      chunk: Buffer.from('{}'),
      chunks: 1,
    });
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(JSON.parse(busy.body)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    for (const s of held) s.destroy();
    await expect
      .poll(async () => (await call(h, 'customer:list', { query: 'harbor' })).status, { timeout: 5000 })
      .toBe(200);
  });

  it('gives imports two of the slots: a third import body in flight gets 503', async () => {
    const h = await start();
    const held = await Promise.all(
      Array.from({ length: 2 }, () =>
        openRaw(
          h,
          callHead(h, 'import:run', { 'content-length': String(10 * 1024 * 1024) }),
          Buffer.from('{'),
        ),
      ),
    );
    const third = await rawExchange(h, callHead(h, 'import:run', { 'content-length': '2' }), {
      chunk: Buffer.from('{}'),
      chunks: 1,
    });
    expect(third.status).toBe(503);
    // Ordinary calls still get through.
    expect((await call(h, 'customer:list', { query: 'harbor' })).status).toBe(200);
    for (const s of held) s.destroy();
  });
});

/** The request line and headers of a call, as raw HTTP. */
function callHead(h: WebHost, name: string, headers: Record<string, string>): string {
  const all: Record<string, string> = {
    host: `127.0.0.1:${h.port}`,
    authorization: `Bearer ${h.token}`,
    'content-type': 'application/json',
    ...headers,
  };
  return `POST /api/call/${name} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly chunksSent: number;
}

function parseAnswer(raw: string, chunksSent: number): RawAnswer {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = rest.join('\r\n\r\n');
  if (headers['transfer-encoding'] === 'chunked')
    body = body.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '');
  return { status: Number(statusLine.split(' ')[1]), headers, body, chunksSent };
}

/**
 * Sends a head, then body chunks one at a time while no answer has come, and resolves with
 * the answer (a chunked body's chunks are framed here).
 */
function rawExchange(h: WebHost, head: string, body?: { chunk: Buffer; chunks: number }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(h.port, '127.0.0.1');
    const chunked = head.includes('transfer-encoding: chunked');
    let received = '';
    let sent = 0;
    let answered = false;
    const finish = () => {
      if (answered) return;
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /content-length: (\d+)/i.exec(received.slice(0, end));
      if (length && Buffer.byteLength(received.slice(end + 4)) < Number(length[1])) return;
      answered = true;
      socket.destroy();
      resolve(parseAnswer(received, sent));
    };
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      finish();
    });
    socket.on('error', (e) => (received.length > 0 ? finish() : reject(e)));
    socket.on('close', () =>
      answered
        ? undefined
        : received
          ? resolve(parseAnswer(received, sent))
          : reject(new Error('closed without an answer')),
    );
    const sendNext = () => {
      if (answered || !body || sent >= body.chunks || socket.destroyed) return;
      sent++;
      const data = chunked
        ? Buffer.concat([
            Buffer.from(`${body.chunk.length.toString(16)}\r\n`),
            body.chunk,
            Buffer.from('\r\n'),
          ])
        : body.chunk;
      socket.write(data, () => setTimeout(sendNext, 20));
    };
    socket.write(head, () => sendNext());
  });
}

/** A connection that sent its head and part of a body, left open; resolves once the server has it. */
function openRaw(h: WebHost, head: string, part: Buffer): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(h.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(head);
      socket.write(part, () => setTimeout(() => resolve(socket), 50));
    });
    socket.once('error', reject);
  });
}

/** Opens /api/events by hand, sends `frame`, and resolves with the close code the server sent. */
function closeCodeAfter(h: { port: number; token: string }, frame: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(h.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head));
        upgraded = true;
        buf = buf.subarray(end + 4);
        socket.write(frame);
      }
      // A close frame from the server: 0x88, length, then the code.
      if (buf.length >= 4 && buf[0] === 0x88) {
        resolve(buf.readUInt16BE(2));
        socket.destroy();
      }
    });
    socket.on('close', () => reject(new Error('closed without a close frame')));
    socket.write(
      `GET /api/events?token=${h.token} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
