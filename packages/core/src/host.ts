/**
 * What every host entry does, whatever its runtime: validate the plan it was
 * given, run the engine, and write each event as one NDJSON line with the
 * protocol version stamped on. A host entry only supplies the adapter and the
 * I/O. Exported as `@racelab/core/host` (it loads zod, which workers need not).
 */
import type { Adapter } from './adapter.js';
import { runHost } from './engine.js';
import { type HostEventBody, PROTOCOL_VERSION, plan as planSchema } from './schema.js';

/** Serialises one event as a protocol line (no trailing newline). */
export function eventLine(event: HostEventBody): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...event });
}

/**
 * Parses and validates `planText`, runs it, and hands every event line to
 * `writeLine`. Returns the exit code the host should end with: 0, or 2 for a
 * plan that is not valid (after a `log` event that says why).
 */
export async function runHostWithPlan(
  adapter: Adapter,
  planText: string,
  writeLine: (line: string) => void,
): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(planText);
  } catch (error) {
    writeLine(eventLine({ type: 'log', level: 'error', message: `Cannot run as the plan is not JSON: ${String(error)}` }));
    return 2;
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    writeLine(eventLine({ type: 'log', level: 'error', message: `Cannot run as the plan is invalid: ${parsed.error.message}` }));
    return 2;
  }
  await runHost(adapter, parsed.data, (event) => writeLine(eventLine(event)));
  return 0;
}
