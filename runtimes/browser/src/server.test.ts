/**
 * The static server on a real socket: loopback only, isolation headers,
 * GET/HEAD only, and nothing outside its root, however the path is spelled.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, startStaticServer } from './server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `path` byte for byte (fetch would normalise `..` away before sending). */
function send(server: StaticServer, path: string, method = 'GET', host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: server.address.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let base: string;
let server: StaticServer;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'racelab-server-test-'));
  const root = join(base, 'root');
  await mkdir(join(root, 'plugins'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'host.js'), 'export {};');
  await writeFile(join(root, 'plugins', 'plugin-0.js'), 'export default 1;');
  await writeFile(join(base, 'secret.txt'), 'SECRET');
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'x.js'), 'SECRET');
  await symlink(join(base, 'secret.txt'), join(root, 'link-to-secret.txt'));
  await symlink(join(base, 'outside'), join(root, 'link-to-outside'));
  await symlink(join(root, 'host.js'), join(root, 'link-inside.js'));
  server = await startStaticServer(root);
});

afterAll(async () => {
  await server?.close();
  await rm(base, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('binds 127.0.0.1 only, on an ephemeral port', async () => {
    expect(server.address.address).toBe('127.0.0.1');
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`);
    // Not reachable through any other interface of this machine.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const address of others) {
      await expect(send(server, '/index.html', 'GET', address)).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('serves files with isolation headers and JavaScript as text/javascript', async () => {
    const page = await send(server, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const script = await send(server, '/plugins/plugin-0.js?cache=1');
    expect(script).toMatchObject({ status: 200, body: 'export default 1;' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const reply of [page, script, await send(server, '/missing.js')]) {
      expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(reply.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
  });

  it('answers HEAD without a body and every other method with 405', async () => {
    const head = await send(server, '/host.js', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('10');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const reply = await send(server, '/host.js', method);
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    }
  });

  it.each([
    '/../secret.txt',
    '/plugins/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/plugins%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/./host.js',
    '/host.js%00.html',
    '/%',
    '//etc/passwd',
    '/etc/passwd',
    `/${'..%2f'.repeat(12)}etc/passwd`,
    'http://127.0.0.1/../secret.txt',
    '*',
  ])('answers 404 to traversal attempt %s', async (path) => {
    const reply = await send(server, path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('SECRET');
  });

  it('does not follow symlinks out of the root, but does inside it', async () => {
    expect((await send(server, '/link-to-secret.txt')).status).toBe(404);
    expect((await send(server, '/link-to-outside/x.js')).status).toBe(404);
    expect(await send(server, '/link-inside.js')).toMatchObject({ status: 200, body: 'export {};' });
  });

  it('lists no directories', async () => {
    expect((await send(server, '/plugins')).status).toBe(404);
    expect((await send(server, '/plugins/')).status).toBe(404);
  });

  it('stops listening when closed', async () => {
    const other = await startStaticServer(base);
    await other.close();
    await expect(send(other, '/secret.txt')).rejects.toThrow(/ECONNREFUSED/);
  });
});
