/**
 * The one end the harness cannot clean up after is its own SIGKILL. Node,
 * Deno and Bun hosts then die at their next write (a broken pipe) and Chromium
 * with its CDP pipe, but Firefox, driven over a WebSocket, would run on. So
 * each browser gets a reaper: a tiny Node process that holds a pipe from the
 * harness and, when the pipe closes (the harness died, or the session ended),
 * kills the browser's process group (Puppeteer starts the browser as the
 * leader of a group of its own).
 */
import { spawn } from 'node:child_process';

const REAPER = `
const group = Number(process.argv[1]);
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  try { process.kill(-group, 'SIGKILL'); } catch {}
  process.exit(0);
});
`;

/** Starts the reaper of the process group led by `pid`; the returned function ends it (and the group). */
export function startReaper(pid: number): () => Promise<void> {
  const reaper = spawn(process.execPath, ['-e', REAPER, String(pid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  const exited = new Promise<void>((resolve) => {
    reaper.once('exit', () => resolve());
    reaper.once('error', () => resolve());
  });
  reaper.stdin.on('error', () => {});
  return async () => {
    reaper.stdin.end();
    await exited;
  };
}
