/** Option helpers the commands share. */
import { runtimeId } from '@racelab/core/schema';

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The help text of `--runtime`. */
export const RUNTIME_HELP = `runtimes, comma-separated or repeated: ${runtimeId.options.join(', ')} or all`;
