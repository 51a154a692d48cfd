/**
 * An execution as data for a picture (herd's execution graphs): the events
 * with their thread, place in program order, kind, location and values, and
 * the edges of each relation. Drawing is left to the reports; this is what
 * they draw.
 */
import type { SourcePosition } from './litmus/ast.js';
import { type Agent, type EventKind, type EventOrder, elementLabel, writtenBy } from './events.js';
import { instructionText } from './explain.js';
import type { CandidateExecution, JsAxiom, JsRelations } from './js.js';
import type { Bytes } from './semantics.js';
import { decode, elementName } from './semantics.js';

/** One event of a drawn execution. */
export interface GraphEvent {
  readonly id: number;
  /** A thread number, `init` for the initial writes, `final` for the harness's final reads. */
  readonly agent: Agent;
  /** Place in the agent's program order (init: the byte's offset; final: the element's order). */
  readonly index: number;
  readonly kind: EventKind;
  readonly order: EventOrder;
  /** The element accessed (`x`, `a[1]`; for an init write, the element its byte belongs to). */
  readonly location: string;
  readonly byteOffset: number;
  readonly size: number;
  /** The value read, for reads and read-modify-writes. */
  readonly read?: bigint;
  /** The value written, for writes and read-modify-writes (a one-byte init write of a wider element: the byte's value). */
  readonly written?: bigint;
  /** The instruction as written in the test (`r0 = Atomics.load(x)`), or `init x` / `final x`. */
  readonly label: string;
  readonly position?: SourcePosition;
}

/** The relations of a drawn execution, as lists of edges (pairs of event ids). */
export interface ExecutionGraph {
  readonly events: readonly GraphEvent[];
  /** Program order, immediate successors only. */
  readonly po: readonly (readonly [number, number])[];
  /** reads-from, write → read. */
  readonly rf: readonly (readonly [number, number])[];
  /** reads-bytes-from: per read event id, the writer of each of its bytes. */
  readonly rbf: Readonly<Record<number, readonly number[]>>;
  readonly sw: readonly (readonly [number, number])[];
  /** happens-before, transitive reduction (the edges a picture needs). */
  readonly hb: readonly (readonly [number, number])[];
  /** The memory order found for a valid execution, all events in order. */
  readonly mo?: readonly number[];
  /** For a rejected candidate: the axiom that fails first, the events it involves, and the explanation. */
  readonly violation?: { readonly axiom: JsAxiom; readonly events: readonly number[]; readonly text: string };
}

/** Builds the picture data of a candidate execution. */
export function executionGraph(
  execution: CandidateExecution,
  relations: JsRelations,
  readBytes: ReadonlyMap<number, Bytes>,
  extra: { mo?: readonly number[]; violation?: ExecutionGraph['violation'] } = {},
): ExecutionGraph {
  const { structure } = execution;
  const events = structure.events.map((e): GraphEvent => {
    const bytes = readBytes.get(e.id);
    const written = e.kind === 'read' ? undefined : writtenBy(structure, e.id, (r) => readBytes.get(r));
    const location = elementName(e.element.location, e.element.index);
    const label = e.kind === 'init' ? `init ${elementLabel(e)}` : e.agent === 'final' ? `final ${location}` : instructionText(structure.test, e.compiled!.instruction);
    return {
      id: e.id,
      agent: e.agent,
      index: e.index,
      kind: e.kind,
      order: e.order,
      location,
      byteOffset: e.byteOffset,
      size: e.size,
      ...(bytes && { read: decode(e.element.kind, bytes) }),
      ...(written && { written: e.kind === 'init' && e.size !== e.element.size ? BigInt(written[0]!) : decode(e.element.kind, written) }),
      label,
      ...(e.compiled && { position: e.compiled.instruction.position }),
    };
  });
  const poImmediate = structure.po.minus(structure.po.seq(structure.po));
  return {
    events,
    po: poImmediate.pairs(),
    rf: relations.rf.pairs(),
    rbf: Object.fromEntries(execution.readsBytesFrom),
    sw: relations.sw.pairs(),
    hb: relations.hb.isIrreflexive() ? relations.hb.reduction().pairs() : relations.hbBase.pairs(),
    ...extra,
  };
}
