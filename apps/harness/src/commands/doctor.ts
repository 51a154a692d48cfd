/**
 * `racelab doctor`: what each runtime can do with shared memory, probed for
 * real by starting its host with an empty plan and reading its `hello`.
 */
import { type Capabilities, type RuntimeInfo, type RuntimeLauncher, TIERS, type TierSwitches } from '@racelab/core';
import { parseHostEvent } from '@racelab/core/schema';
import { OLDEST_SUPPORTED, VERSIONED_RUNTIMES } from '@racelab/runtime-versions';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../reports/table.js';
import { whileInterruptible } from '../run/interrupt.js';
import { FROM_CLI } from '../options/run-settings.js';
import { versionListeners } from '../versions/progress.js';
import { RUNTIME_HELP, collect } from './options.js';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('Show what each runtime can do: versions, SharedArrayBuffer, Atomics.wait/waitAsync/pause, Float16Array, growable SharedArrayBuffer, clock, cores, and the switches for each JIT tier')
    .option('-r, --runtime <ids>', `${RUNTIME_HELP} (default all)`, collect)
    .option('--json', 'print the capability matrix as JSON instead of a table')
    .action(async (options) => {
      // The launchers load every runtime's driver (puppeteer, esbuild, ...): imported only when needed.
      const { resolveLaunchers } = await import('../launchers.js');
      const reports = await runDoctor(await resolveLaunchers(options.runtime ?? ['all'], FROM_CLI, versionListeners(false)));
      process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : renderDoctor(reports));
      process.exitCode = reports.some((r) => r.status === 'failed') ? EXIT.FAULT : EXIT.OK;
    });
}

/** One runtime's row of the capability matrix. */
export type DoctorReport =
  | { id: string; status: 'ok'; runtime: RuntimeInfo; capabilities: Capabilities; tiers: TierSwitches }
  | { id: string; status: 'missing' | 'failed'; reason: string };

/**
 * Starts each runtime's host with nothing to run and records what its hello
 * says. Ctrl-C or SIGTERM stops the host being probed (hosts and browsers run
 * in process groups of their own, which a terminal's Ctrl-C does not reach)
 * and exits 130: there is nothing to save.
 */
export async function runDoctor(launchers: readonly RuntimeLauncher[]): Promise<DoctorReport[]> {
  const reports = await whileInterruptible(async (signal) => {
    const found: DoctorReport[] = [];
    for (const launcher of launchers) {
      if (signal.aborted) break;
      found.push(await probe(launcher, signal));
    }
    return found;
  }, 'stopping the hosts');
  if (reports.length < launchers.length || reports.some((r) => r.status === 'failed' && r.reason === INTERRUPTED)) {
    process.exit(EXIT.INTERRUPTED);
  }
  return reports;
}

const INTERRUPTED = 'interrupted';

async function probe(launcher: RuntimeLauncher, signal: AbortSignal): Promise<DoctorReport> {
  const id = launcher.version ? `${launcher.id}@${launcher.version}` : launcher.id;
  const availability = await launcher.detect();
  if (!availability.available) {
    return { id, status: 'missing', reason: `${availability.reason}; install it with: ${availability.install}` };
  }
  let session: Awaited<ReturnType<RuntimeLauncher['start']>> | undefined;
  const stop = () => void session?.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    session = await launcher.start({ v: 1, experiments: [] });
    if (signal.aborted) return { id, status: 'failed', reason: INTERRUPTED };
    for await (const line of session.lines) {
      if (line.trim() === '') continue;
      const parsed = parseHostEvent(line);
      if (!parsed.ok) return { id, status: 'failed', reason: `the host sent an invalid event (${parsed.error})` };
      if (parsed.event.type === 'hello') {
        return { id, status: 'ok', runtime: parsed.event.runtime, capabilities: parsed.event.capabilities, tiers: launcher.tiers };
      }
    }
    const end = await session.ended;
    if (signal.aborted) return { id, status: 'failed', reason: INTERRUPTED };
    return { id, status: 'failed', reason: `the host ended without a hello (exit code ${end.code ?? 'none'}): ${end.stderr}` };
  } catch (error) {
    return { id, status: 'failed', reason: `could not start the host: ${(error as Error).message}` };
  } finally {
    signal.removeEventListener('abort', stop);
    await session?.stop();
  }
}

const yesNo = (value: boolean | null) => (value === null ? 'n/a' : value ? 'yes' : 'no');

/** Capabilities down, runtimes across; missing or failed runtimes say why below the table. */
export function renderDoctor(reports: readonly DoctorReport[]): string {
  const ok = reports.filter((r) => r.status === 'ok');
  const row = (label: string, cell: (c: Capabilities, r: RuntimeInfo) => string) => [
    label,
    ...ok.map((r) => cell(r.capabilities, r.runtime)),
  ];
  const rows = [
    row('version', (_, r) => r.version),
    row('engine', (_, r) => r.engine),
    row('SharedArrayBuffer', (c) => yesNo(c.sharedArrayBuffer)),
    row('crossOriginIsolated', (c) => yesNo(c.crossOriginIsolated)),
    row('Atomics.wait on main thread', (c) => yesNo(c.atomicsWaitOnMainThread)),
    row('Atomics.waitAsync', (c) => yesNo(c.atomicsWaitAsync)),
    row('Atomics.pause', (c) => yesNo(c.atomicsPause)),
    // Optional in the schema (older hosts did not probe them): n/a when absent.
    row('Float16Array', (c) => yesNo(c.float16Array ?? null)),
    row('growable SharedArrayBuffer', (c) => yesNo(c.growableSharedArrayBuffer ?? null)),
    row('clock resolution', (c) => formatResolution(c.clockResolutionNs)),
    row('cores', (c) => String(c.cores)),
  ];
  const lines = ok.length > 0 ? [renderTable(['capability', ...ok.map((r) => r.id)], rows)] : [];
  for (const r of reports) if (r.status !== 'ok') lines.push(`${r.id}: ${r.status}: ${r.reason}`);
  if (ok.length > 0) {
    lines.push('', 'JIT tiers (racelab run --tier <tier>): how each runtime is forced into each');
    const width = Math.max(8, ...ok.map((r) => r.id.length));
    for (const r of ok) for (const tier of TIERS) lines.push(`  ${r.id.padEnd(width)} ${tier.padEnd(11)} ${r.tiers[tier] ?? 'cannot be forced: a run in this tier is skipped'}`);
  }
  lines.push(
    '',
    `Versions: node, deno and bun run the versions on the npm registry from ${VERSIONED_RUNTIMES.map((r) => `${r} ${OLDEST_SUPPORTED[r].version}`).join(', ')} on`,
    '(racelab doctor --runtime node@18,node@24; racelab runtimes lists the cache);',
    'chromium and firefox run as installed, whatever their version: --runtime chromium@<version> is refused.',
  );
  return `${lines.join('\n')}\n`;
}

function formatResolution(ns: number): string {
  if (ns >= 1e6) return `${ns / 1e6} ms`;
  if (ns >= 1e3) return `${ns / 1e3} µs`;
  return `${ns} ns`;
}
