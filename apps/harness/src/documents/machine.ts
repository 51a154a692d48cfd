import { arch, availableParallelism, cpus, release, totalmem, type } from 'node:os';
import type { ResultDocument } from '@racelab/core';

/** The machine every runtime of this run ran on (hosts run on the harness's machine). */
export function describeMachine(): ResultDocument['machine'] {
  return {
    os: `${type()} ${release()}`,
    arch: arch(),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}
