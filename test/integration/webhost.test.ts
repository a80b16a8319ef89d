import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Backend } from '../../electron/core/api/backend';
import { startWebHost, type WebHost } from '../../electron/core/web/server';
import { CALL_NAMES } from '../../shared/api/contract';
import { backendWithCustomers } from '../helpers/backend';
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
});
