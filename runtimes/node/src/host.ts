/** Node host entry: reads the plan from stdin, runs it, writes NDJSON events to stdout. */
import { text } from 'node:stream/consumers';
import { runHostWithPlan } from '@racelab/core/host';
import { createNodeAdapter } from './adapter.js';

process.exitCode = await runHostWithPlan(createNodeAdapter(), await text(process.stdin), (line) => {
  process.stdout.write(`${line}\n`);
});
