/** Node host entry: reads the plan from stdin, runs it, writes NDJSON events to stdout. */
import { runHostWithPlan } from '@racelab/core/host';
import { createNodeAdapter } from './adapter.js';

/** All of stdin as text (not `node:stream/consumers`, which Node 16 has from 16.7 on only). */
async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

process.exitCode = await runHostWithPlan(createNodeAdapter(), await readStdin(), (line) => {
  process.stdout.write(`${line}\n`);
});
