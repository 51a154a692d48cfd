/** What the Node side hands the browser page (as `session.json` next to it) and how the page answers. */
import type { RuntimeInfo } from '@racelab/core';

/** The plan to run and the runtime the driver identified (the page cannot see its engine's version). */
export interface PageSession {
  /** The plan as JSON text: the page validates it like every host does. */
  readonly plan: string;
  readonly runtime: RuntimeInfo;
}

/** Bindings the Node side exposes on `window` before the page loads. */
export interface PageBindings {
  /** One protocol event line; `seq` counts from 0 so the Node side can restore order. */
  racelabEmit(seq: number, line: string): Promise<void>;
  /** The host finished after `lines` event lines, with this exit code. */
  racelabExit(lines: number, code: number): Promise<void>;
}
