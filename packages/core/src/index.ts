export type { Adapter, WorkerHandle, WorkerListener } from './adapter.js';
export type { Availability, HostEnd, HostSession, RuntimeLauncher } from './launcher.js';
export { clockResolutionNs, probeCapabilities } from './capabilities.js';
export { type Emit, runHost } from './engine.js';
export {
  type Actor,
  type AnyExperiment,
  type Expectation,
  type ExperimentDefinition,
  type Measure,
  type OutcomeClass,
  type OutcomePredicate,
  type OutcomeValue,
  type ParamValue,
  type Params,
  type TrialContext,
  classifyOutcome,
  defineExperiment,
  experimentsOf,
  instancesOf,
  isExperiment,
  layoutOf,
  loadExperiment,
  resolveParams,
} from './experiment.js';
export {
  type LayoutSpec,
  type Memory,
  type Placement,
  type RegionSpec,
  type SharedPrimitiveClass,
  REGION_ALIGN,
  createMemory,
  createReset,
  i32,
  i32Array,
  placeLayout,
  primitive,
} from './layout.js';
export type { FromWorker, Schedule, ToWorker } from './protocol.js';
export type {
  Capabilities,
  ExperimentResult,
  HostEvent,
  HostEventBody,
  Plan,
  PlanEntry,
  ResultDocument,
  RuntimeId,
  RuntimeInfo,
  Verdict,
} from './schema.js';
export { type RawRun, failedRun, summarizeRun } from './summarize-run.js';
export { ran } from './verdict.js';
export { type Rate, type Summary, quantile, studentT975, summarize, wilson } from './stats.js';
export { Mutex } from './sync/mutex.js';
export { Barrier } from './sync/barrier.js';
export { ConditionVariable } from './sync/condition-variable.js';
export { CountDownLatch } from './sync/count-down-latch.js';
export { Once } from './sync/once.js';
export { ReadWriteLock } from './sync/read-write-lock.js';
export { type SharedPrimitiveClassWith, checkRegion, primitiveWith } from './sync/region.js';
export { Semaphore } from './sync/semaphore.js';
export { SpinLock } from './sync/spin-lock.js';
export { type WaitResult, hasWaitAsync, waitAsync } from './sync/wait-async.js';
export { DEFAULT_SPIN, hasPause, pause } from './sync/spin.js';
export { type WorkerPort, serveWorker } from './worker.js';
export { type DefinitionProblem, validateExperiment, validateExperiments } from './validate.js';
export { type WebWorkerScope, startWebWorker, webWorkerPort } from './web-worker.js';
