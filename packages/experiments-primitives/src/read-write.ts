import { type AnyExperiment, type RegionSpec, ReadWriteLock, defineExperiment, i32, i32Array, primitive } from '@racelab/core';
import { enter, leave, mostInside } from './holders.js';

/** A readers-writer lock as the test sees it. */
export interface ReadWriteUnderTest<T = any> {
  readonly name: string;
  readonly region: () => RegionSpec<T>;
  readonly readLock: (lock: T) => void;
  readonly readUnlock: (lock: T) => void;
  readonly writeLock: (lock: T) => void;
  readonly writeUnlock: (lock: T) => void;
}

export const READ_WRITE_LOCK: ReadWriteUnderTest<ReadWriteLock> = {
  name: 'read-write-lock',
  region: () => primitive(ReadWriteLock),
  readLock: (l) => l.readLock(),
  readUnlock: (l) => l.readUnlock(),
  writeLock: (l) => l.writeLock(),
  writeUnlock: (l) => l.writeUnlock(),
};

/** Reads a reader spends inside per lock, so that readers overlap often enough to be seen together. */
const READS = 32;

/**
 * Two writers and two readers. A writer must be alone: it counts every thread
 * inside (readers and writers) and the most it saw must be 1, and its plain
 * increments must all survive. Readers count themselves in a second counter:
 * seeing 2 readers together shows they do share the lock (acceptable either
 * way: the scheduler may never run them at the same moment).
 */
export function readWriteExperiment(lock: ReadWriteUnderTest, id = `primitives/${lock.name}`): AnyExperiment {
  const { readLock, readUnlock, writeLock, writeUnlock } = lock;
  interface Ctx {
    memory: any;
    params: { writes: number; reads: number };
  }
  const writer = ({ memory, params }: Ctx) => {
    const { lock: l, all, count, overlap } = memory;
    for (let i = 0; i < params.writes; i++) {
      writeLock(l);
      if (enter(all) > 1) Atomics.add(overlap, 0, 1);
      count[0]++;
      leave(all);
      writeUnlock(l);
    }
  };
  const reader = ({ memory, params }: Ctx) => {
    const { lock: l, all, readers, count, torn } = memory;
    for (let i = 0; i < params.reads; i++) {
      readLock(l);
      enter(all);
      enter(readers);
      // A writer must not change the count while we read it.
      const first = count[0];
      for (let k = 0; k < READS; k++) if (count[0] !== first) Atomics.add(torn, 0, 1);
      leave(readers);
      leave(all);
      readUnlock(l);
    }
  };
  return defineExperiment({
    id,
    title: `Two writers and two readers share a ${lock.name}: writers alone, readers together`,
    description: 'Writers must never share the lock with anyone; readers may share it with each other.',
    tags: ['primitives'],
    params: { writes: 50_000, reads: 50_000 },
    memory: { lock: lock.region(), all: i32Array(2), readers: i32Array(2), count: i32(), overlap: i32(), torn: i32() },
    actors: [writer, reader, writer, reader],
    outcome: ({ memory, params }) => {
      const lost = 2 * params.writes - memory.count[0]!;
      const bad = memory.overlap[0]! + memory.torn[0]!;
      const together = mostInside(memory.readers);
      if (lost === 0 && bad === 0) return `writers alone, at most ${together} readers together`;
      return `${lost} writes lost, ${memory.overlap[0]} writers not alone, ${memory.torn[0]} reads changed under a read lock`;
    },
    expect: { forbidden: (o: string) => !o.startsWith('writers alone') },
    ops: (p) => 2 * (p.writes + p.reads),
    trials: 5,
    warmup: 1,
  });
}
