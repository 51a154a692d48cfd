export type { Adapter, WorkerHandle, WorkerListener } from './adapter.js';
export { type Availability, type HostEnd, type HostSession, type RuntimeLauncher, TIERS, type Tier, type TierSwitches, V8_TIER_FLAGS } from './launcher.js';
export { clockResolutionNs, probeCapabilities } from './capabilities.js';
export { type Emit, runHost } from './engine.js';
export {
  type Actor,
  type AnyExperiment,
  type Expectation,
  type ExperimentDefinition,
  type Measure,
  type ModelVerdicts,
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
  type CheckedLayout,
  type LayoutSpec,
  type Memory,
  type OwnBuffer,
  type Placement,
  type RegionSpec,
  type Requirement,
  type SharedPrimitiveClass,
  REGION_ALIGN,
  allocateBuffers,
  createMemory,
  createReset,
  placeLayout,
  primitive,
} from './layout.js';
export {
  type ElementKind,
  type TypedArrayOfKind,
  dataView,
  f16,
  f16Array,
  f32,
  f32Array,
  f64,
  f64Array,
  i16,
  i16Array,
  i32,
  i32Array,
  i64,
  i64Array,
  i8,
  i8Array,
  u16,
  u16Array,
  u32,
  u32Array,
  u64,
  u64Array,
  u8,
  u8Array,
} from './cells.js';
export { type ViewSpec, view } from './view.js';
export { type SharedBufferOptions, sharedBuffer } from './shared-buffer.js';
export {
  type BigIntJson,
  type JsonValue,
  decodeRecord,
  encodeRecord,
  formatValue,
  fromJsonValue,
  isBigIntJson,
  toJsonValue,
} from './json-value.js';
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
  Test262Plan,
  Test262Test,
  Verdict,
} from './schema.js';
export { ALIGN_DELAYS, AlignTuner, type AlignSummary } from './align-tuner.js';
export { type RawRun, failedRun, summarizeRun } from './summarize-run.js';
export { test262Result } from './test262/verdict.js';
export { describeThrown, missingFeature } from './test262/agent.js';
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
