/**
 * The local web host: the built renderer plus the same API over HTTP (calls) and
 * WebSocket (events), on 127.0.0.1 only, behind a random per-run token. Checks run in
 * order Host → Origin → token, before anything touches the back end.
 */

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { BODY_LIMITS, bodyLimitFor, bodyTooLargeMessage, isUploadCall } from '../../../shared/api/bodyLimits';
import { isEventName } from '../../../shared/api/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/api/csp';
import { fail, type Result } from '../../../shared/api/result';
import type { Backend } from '../api/backend';
import { buildOpenApi } from './openapi';

/** The console never sends on the events socket; anything bigger than a ping is refused. */
const MAX_WS_MESSAGE_BYTES = 4 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebHostOptions {
  readonly backend: Backend;
  /** Folder of the built renderer (out/renderer). */
  readonly staticDir: string;
  readonly port?: number;
  /** Tests pass a fixed token; normally a random one is made per run. */
  readonly token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes; a longer body (chunked, or lying about its length) ends the request. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => reject(new Error('the request was cut off')));
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(opts.staticDir);
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  /** Host/Origin/token gate shared by HTTP calls and the WebSocket upgrade. */
  const gate = (
    req: http.IncomingMessage,
    tokenGiven: string | null,
  ): { status: number; message: string } | null => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      return { status: 403, message: 'Requests must be addressed to 127.0.0.1.' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      return { status: 403, message: `Requests from ${origin} are not allowed.` };
    }
    if (!tokensEqual(tokenGiven, token)) {
      return {
        status: 401,
        message: 'Missing or wrong token. Open the link printed by `lifeline serve`; it carries the token.',
      };
    }
    return null;
  };

  const bearer = (req: http.IncomingMessage): string | null => {
    const h = req.headers.authorization;
    return h?.startsWith('Bearer ') ? h.slice('Bearer '.length) : null;
  };

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(staticRoot, `.${rel}`);
    if (!file.startsWith(staticRoot + path.sep) && file !== staticRoot) {
      res.writeHead(403).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The console is not built yet. Run `npm run build`, then start `lifeline serve` again.');
      return;
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': ext === '.html' ? 'no-store' : 'max-age=3600',
    });
    fs.createReadStream(file).pipe(res);
  };

  let bodiesInFlight = 0;
  let uploadsInFlight = 0;

  /** Answers and closes the connection, so the rest of a refused body is never read. */
  const refuse = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.shouldKeepAlive = false;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    sendJson(res, status, body);
  };

  const handleCall = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
  ): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, fail('VALIDATION', 'Calls are POST requests with a JSON body.'));
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, fail('VALIDATION', 'Calls must send Content-Type: application/json.'));
      return;
    }
    const upload = isUploadCall(name);
    const limit = bodyLimitFor(name);
    const tooLarge = () => refuse(res, 413, fail('VALIDATION', bodyTooLargeMessage(name)));
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      tooLarge();
      return;
    }
    if (
      bodiesInFlight >= BODY_LIMITS.inFlight ||
      (upload && uploadsInFlight >= BODY_LIMITS.uploadsInFlight)
    ) {
      refuse(
        res,
        503,
        fail('UNAVAILABLE', 'The host is busy receiving other requests. Try again in a moment.'),
        { 'Retry-After': '1' },
      );
      return;
    }
    bodiesInFlight++;
    if (upload) uploadsInFlight++;
    let text: string;
    try {
      text = await readBody(req, limit);
    } catch (err) {
      if (err instanceof BodyTooLarge) tooLarge();
      else res.destroy();
      return;
    } finally {
      bodiesInFlight--;
      if (upload) uploadsInFlight--;
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      sendJson(res, 400, fail('VALIDATION', 'The request body is not valid JSON.'));
      return;
    }
    const result: Result<unknown> = await opts.backend.call(name, input);
    sendJson(res, 200, result);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      serveStatic(req, res, url.pathname);
      return;
    }
    const denied = gate(req, bearer(req));
    if (denied) {
      sendJson(
        res,
        denied.status,
        fail(denied.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', denied.message),
      );
      return;
    }
    if (url.pathname === '/api/openapi.json' && req.method === 'GET') {
      sendJson(res, 200, buildOpenApi());
      return;
    }
    const call = /^\/api\/call\/([a-zA-Z]+:[a-zA-Z]+)$/.exec(url.pathname);
    if (call?.[1]) {
      handleCall(req, res, call[1]).catch((err: unknown) => {
        sendJson(res, 500, fail('INTERNAL', err instanceof Error ? err.message : String(err)));
      });
      return;
    }
    sendJson(res, 404, fail('UNKNOWN_CALL', `No API route ${url.pathname}.`));
  });

  // Nothing a client sends may take down the host: a bad frame or an oversized message
  // closes that socket (1002, 1009) and is logged; the error never reaches the process.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  wss.on('connection', (ws) => {
    ws.on('error', (err) => console.error(`[lifeline] closed an events socket: ${err.message}`));
  });
  wss.on('error', (err) => console.error(`[lifeline] events socket server: ${err.message}`));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const denied =
      url.pathname === '/api/events'
        ? gate(req, url.searchParams.get('token'))
        : { status: 404, message: '' };
    if (denied) {
      const reason =
        denied.status === 401 ? 'Unauthorized' : denied.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${denied.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const unsubscribe = opts.backend.onEvent((event, payload) => {
    if (!isEventName(event)) return;
    const message = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
