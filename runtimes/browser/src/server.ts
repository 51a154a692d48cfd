/**
 * A static file server for one browser session: serves the files under one
 * root, on 127.0.0.1 only, with the headers that make the page cross-origin
 * isolated (so that it may create a SharedArrayBuffer). Anything that is not a
 * plain file inside the root answers 404; methods other than GET and HEAD 405.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';

/** A running server; `close` also drops open keep-alive connections. */
export interface StaticServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/** Headers every response carries: without COOP + COEP a page has no SharedArrayBuffer. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  // Every session serves freshly bundled files: never let a browser reuse old ones.
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves `root` on 127.0.0.1 at an ephemeral port.
 *
 * @example
 * ```ts
 * const server = await startStaticServer('/tmp/racelab-root');
 * try { await fetch(`${server.url}/index.html`); } finally { await server.close(); }
 * ```
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  // Compare real paths: a symlink inside the root that points outside it must not serve.
  const realRoot = await realpath(root);
  const server = createServer((request, response) => {
    void serve(realRoot, request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    address,
    close: () => closeServer(server),
  };
}

async function serve(realRoot: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveFile(realRoot, request.url ?? '');
  if (file === undefined) {
    send(response, 404, 'Not Found');
    return;
  }
  response.writeHead(200, {
    ...ISOLATION_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

/**
 * The regular file a request path names inside `realRoot`, or undefined.
 * Rejects `.` and `..` segments (also percent-encoded), encoded slashes and
 * backslashes, NUL bytes, absolute-form and protocol-relative targets, and
 * anything whose real path (after symlinks) leaves the root.
 */
export async function resolveFile(realRoot: string, target: string): Promise<{ path: string; size: number } | undefined> {
  const pathname = target.split(/[?#]/, 1)[0]!;
  if (!pathname.startsWith('/') || pathname.startsWith('//')) return undefined;
  const segments: string[] = [];
  const parts = pathname.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    // A trailing slash (`/`, `/dir/`) names that folder's index.html, never a listing.
    if (parts[i] === '' && i === parts.length - 1) break;
    let segment: string;
    try {
      segment = decodeURIComponent(parts[i]!);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0 || pathname.endsWith('/')) segments.push('index.html');
  let real: string;
  try {
    real = await realpath(join(realRoot, ...segments));
  } catch {
    return undefined;
  }
  if (!real.startsWith(realRoot + sep)) return undefined;
  const info = await stat(real).catch(() => undefined);
  // No directory listings: only regular files are served.
  if (!info?.isFile()) return undefined;
  return { path: real, size: info.size };
}

function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...ISOLATION_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A browser keeps connections alive; without this, close waits for them.
    server.closeAllConnections();
  });
}
