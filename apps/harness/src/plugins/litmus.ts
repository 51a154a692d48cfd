/** Litmus files as the harness reads them, for `racelab model` and for `--plugin <file>.litmus`. */
import { readFileSync } from 'node:fs';
import { type LitmusTest, LitmusSyntaxError, parseLitmus } from '@racelab/model';
import { UsageError } from '../options/usage-error.js';

/** Reads and parses one litmus file; a missing or malformed one is a usage error (exit 2) with its file, line and column. */
export function readLitmusFile(path: string, shownAs = path): LitmusTest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read litmus file '${shownAs}': no such file`);
  }
  try {
    return parseLitmus(text, shownAs);
  } catch (error) {
    if (error instanceof LitmusSyntaxError) throw new UsageError(`Cannot read litmus test ${error.message}`);
    throw error;
  }
}
