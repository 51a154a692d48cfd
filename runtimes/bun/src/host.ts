/** Bun host entry: reads the plan from stdin, runs it, writes NDJSON events to stdout. */
import { runHostWithPlan } from '@racelab/core/host';
import { createBunAdapter } from './adapter.js';

const planText = await Bun.stdin.text();
process.exitCode = await runHostWithPlan(createBunAdapter(), planText, (line) => {
  process.stdout.write(`${line}\n`);
});
