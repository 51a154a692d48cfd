/** Starts a host as a child process: the plan goes in on stdin, events come out on stdout. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HostEnd, HostSession, Plan } from '@racelab/core';

/** Keep only the end of stderr: enough to explain a crash, bounded in memory. */
const STDERR_TAIL = 8192;

/** Spawns `command args` as a host for `plan`. */
export function spawnHost(
  command: string,
  args: readonly string[],
  plan: Plan,
  env: NodeJS.ProcessEnv = process.env,
): HostSession {
  // In a process group of its own: a Ctrl-C in the terminal reaches the
  // harness alone, which then stops the host itself (after saving what
  // finished), and stop() can kill the host together with anything it started.
  const group = process.platform !== 'win32';
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached: group });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  // A host that dies before reading its plan closes stdin: not our error to throw.
  child.stdin.on('error', () => {});
  child.stdin.end(JSON.stringify(plan));
  const ended = new Promise<HostEnd>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, stderr: `${stderr}${error.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
  return {
    lines: createInterface({ input: child.stdout, crlfDelay: Infinity }),
    ended,
    pid: child.pid,
    async stop() {
      if (group && child.pid !== undefined) {
        try {
          // The whole group; while any member lives, its id cannot be reused.
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      } else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await ended;
    },
  };
}
