/** Starts a host as a child process: the plan goes in on stdin, events come out on stdout. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Plan } from '@racelab/core';
import type { HostEnd, HostSession } from './launcher.js';

/** Keep only the end of stderr: enough to explain a crash, bounded in memory. */
const STDERR_TAIL = 8192;

/** Spawns `command args` as a host for `plan`. */
export function spawnHost(
  command: string,
  args: readonly string[],
  plan: Plan,
  env: NodeJS.ProcessEnv = process.env,
): HostSession {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
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
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await ended;
    },
  };
}
