/**
 * Stress tests of racelab's synchronisation primitives, run through the
 * engine on every runtime. Each test is built by a factory from the primitive
 * under test, so the same test also runs against the deliberately broken
 * variants in `test/fixtures/broken.js`, which it must fail.
 */
import { barrierRoundsExperiment, BARRIER } from './barrier-rounds.js';
import { CONDITION_VARIABLE, conditionQueueExperiment, pingPongExperiment } from './condition-queue.js';
import { exclusionExperiment } from './exclusion.js';
import { LOCKS } from './lock-under-test.js';
import { LATCH, ONCE, latchExperiment, onceExperiment } from './once-latch.js';
import { READ_WRITE_LOCK, readWriteExperiment } from './read-write.js';
import { SEMAPHORE, semaphorePermitsExperiment } from './semaphore-permits.js';
import { timeoutsExperiment } from './timeouts.js';

export default [
  ...LOCKS.map((lock) => exclusionExperiment(lock)),
  semaphorePermitsExperiment(SEMAPHORE),
  barrierRoundsExperiment(BARRIER),
  conditionQueueExperiment(CONDITION_VARIABLE),
  pingPongExperiment(CONDITION_VARIABLE),
  readWriteExperiment(READ_WRITE_LOCK),
  timeoutsExperiment(),
  onceExperiment(ONCE),
  latchExperiment(LATCH),
];

export { enter, leave, mostInside, watch } from './holders.js';
export { type LockUnderTest, LOCKS } from './lock-under-test.js';
export { exclusionExperiment } from './exclusion.js';
export { type SemaphoreUnderTest, SEMAPHORE, semaphorePermitsExperiment } from './semaphore-permits.js';
export { type BarrierUnderTest, BARRIER, barrierRoundsExperiment } from './barrier-rounds.js';
export { type ConditionUnderTest, CONDITION_VARIABLE, conditionQueueExperiment, pingPongExperiment } from './condition-queue.js';
export { type ReadWriteUnderTest, READ_WRITE_LOCK, readWriteExperiment } from './read-write.js';
export { type TimedWaits, TIMED_WAITS, timeoutsExperiment } from './timeouts.js';
export { type LatchUnderTest, type OnceUnderTest, LATCH, ONCE, latchExperiment, onceExperiment } from './once-latch.js';
