/**
 * Terminal colours, on only when the output is a terminal. picocolors' own
 * detection also turns them on whenever a `CI` variable is set, which puts
 * escape codes in CI logs and in output piped to files. NO_COLOR and
 * FORCE_COLOR are honoured (https://no-color.org).
 */
import { createColors } from 'picocolors';

const env = process.env;
const enabled = 'FORCE_COLOR' in env ? env.FORCE_COLOR !== '0' : !('NO_COLOR' in env) && Boolean(process.stdout.isTTY);

export const pc = createColors(enabled);
