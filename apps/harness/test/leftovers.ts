/**
 * No orphans: every process a test's racelab started carries a unique marker
 * in its environment (hosts, browsers and their helpers inherit it), so after
 * the run the process table must hold none of them.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

const MARKER = 'RACELAB_TEST_MARKER';

/** A fresh marker and the environment that carries it. */
export function marked(): { marker: string; env: NodeJS.ProcessEnv } {
  const marker = randomUUID();
  return { marker, env: { ...process.env, [MARKER]: marker } };
}

/** Live (not zombie) processes whose environment holds `marker`, as `pid command`. */
export function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (!environ.includes(`${MARKER}=${marker}`)) continue;
      const state = /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1];
      if (state === 'Z') continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()}`);
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** The command line of `pid`, or '' if it is gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** The processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const ppid = /^\d+ \(.*\) \S (\d+)/s.exec(readFileSync(`/proc/${name}/stat`, 'latin1'))?.[1];
      if (Number(ppid) === pid) children.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return children;
}

/**
 * The marked processes still alive after a grace period: a killed process
 * takes a moment to leave the table. Expected to be empty.
 */
export async function leftovers(marker: string, graceMs = 5_000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const found = processesWith(marker);
    if (found.length === 0 || Date.now() > deadline) return found;
    await delay(100);
  }
}

/** The TCP ports on which `pid` listens (its sockets in state LISTEN). */
export function listeningPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // Closed while we looked.
      }
    }
  } catch {
    return [];
  }
  return listening().filter((s) => inodes.has(s.inode)).map((s) => s.port);
}

/** Whether anything on this machine listens on `port`. */
export function isListening(port: number): boolean {
  return listening().some((s) => s.port === port);
}

function listening(): { port: number; inode: string }[] {
  const sockets: { port: number; inode: string }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      // State 0A is LISTEN.
      if (fields[3] === '0A') sockets.push({ port: parseInt(fields[1]!.split(':')[1]!, 16), inode: fields[9]! });
    }
  }
  return sockets;
}
