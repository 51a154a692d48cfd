/** Deno host entry: reads the plan from stdin, runs it, writes NDJSON events to stdout. */
import { runHostWithPlan } from '@racelab/core/host';
import { createDenoAdapter } from './adapter.js';

const encoder = new TextEncoder();

/** writeSync may write only part of a buffer to a pipe: write until all of it is out. */
function writeLine(line: string): void {
  let bytes = encoder.encode(`${line}\n`);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
}

const planText = await new Response(Deno.stdin.readable).text();
const code = await runHostWithPlan(createDenoAdapter(), planText, writeLine);
// Exit explicitly rather than let the event loop drain: in Deno 2.9,
// worker.terminate() does not stop a worker spinning in a JS loop (the
// thread keeps a core busy and the process never ends; denoland/deno#35657).
// Every event is already written synchronously, so nothing is lost.
Deno.exit(code);
