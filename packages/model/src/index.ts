/**
 * racelab's memory models over litmus tests: the ECMAScript memory model
 * (byte-wise, mixed sizes), sequential consistency and x86-TSO, with
 * explanations of forbidden outcomes and execution graphs. Pure TypeScript
 * (ES2024, no host APIs): runs in Node, Deno, Bun and browsers.
 *
 * @example
 * ```ts
 * import { checkTest, parseLitmus } from '@racelab/model';
 *
 * const report = checkTest(parseLitmus(text, 'SB+atomics.litmus'));
 * report.condition.reachable.js; // 'forbidden'
 * report.outcomes.filter((o) => !o.js).map((o) => o.explanation);
 * ```
 */
export * from './litmus/index.js';

export { type CheckOptions, type ConditionReport, type ModelName, type ModelReport, type OutcomeReport, type Reachability, checkTest } from './check.js';
export { atomValue, conditionHolds, evaluatePartial, isWitnessOf, naturalCompare, outcomeKey, satisfies, sortRegisterKeys } from './outcome.js';

export {
  type JsRejection,
  type JsSearchOptions,
  type JsSearchProgress,
  type JsSearchResult,
  PROGRESS_EVERY,
  MAX_OUTCOMES,
  OutcomeLimitError,
  type JsWitness,
  explainOutcome,
  raceFree,
  searchJs,
} from './js-search.js';
export { EXPLANATION_BUDGET } from './js-rejected.js';
export {
  type BetweenConstraint,
  type CandidateExecution,
  type JsAxiom,
  type JsRelations,
  type JsViolation,
  type MemoryOrderFailure,
  type OrderEdge,
  checkJs,
  findMemoryOrder,
  jsRelations,
  memoryOrderConstraints,
  memoryOrderExists,
  memoryOrderSatisfies,
  readsFrom,
  synchronizesWith,
  violationEvents,
} from './js.js';
export {
  type Agent,
  type Cell,
  type EventKind,
  type EventOrder,
  type EventStructure,
  type EventStructureOptions,
  type MemoryEvent,
  type ReadOption,
  INIT,
  buildEventStructure,
  equalRange,
  isNoTear,
  readOptions,
  allCandidates,
  valuesOf,
  type ValuedCandidate,
} from './events.js';
export { type InstructionStep, type OperationalWitness, scOutcomes, serialOutcomes } from './sc.js';
export { type FlushStep, type TsoStep, isLocked, tsoOutcomes } from './tso.js';
export { type ExecutionGraph, type GraphEvent, executionGraph } from './graph.js';
export { type Rejected, EventWords, explainRejection, explainViolation, instructionText, primaryViolation } from './explain.js';
export { type EventPredicate, Relation } from './relation.js';
export { type Bytes, type Element, decode, elementName, encode, finalElements, writtenRegisters } from './semantics.js';
