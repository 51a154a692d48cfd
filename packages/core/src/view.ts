/**
 * Views: one region's bytes seen as another kind, declared in the layout so
 * that their types are inferred. A view owns no bytes and is never reset; it
 * sees whatever the region it views holds.
 */
import { ELEMENT_KINDS } from './cells.js';
import { hasOwn } from './own.js';
import type { RegionSpec } from './layout.js';

/** A region spec that views the bytes of the region named `R`. */
export interface ViewSpec<R extends string, T> extends RegionSpec<T> {
  readonly viewOf: { readonly region: R; readonly byteOffset: number };
}

/**
 * Sees the bytes of `region`, from `byteOffset` (0 unless given), through
 * `as`: any cell kind (`u32Array(2)`, `u8()`, ...) or `dataView(n)`. The view
 * must fit inside the region and be aligned to its element size; the region
 * may be declared before or after it.
 *
 * @example
 * ```ts
 * import { dataView, u32Array, u64, view } from '@racelab/core';
 * const memory = {
 *   cell: u64(),
 *   halves: view('cell', u32Array(2)),      // memory.halves: Uint32Array over cell's 8 bytes
 *   high: view('cell', u32Array(1), 4),     // the upper half alone (little-endian)
 *   bytes: view('cell', dataView(8)),       // memory.bytes: DataView
 * };
 * ```
 */
export function view<const R extends string, T>(region: R, as: RegionSpec<T>, byteOffset = 0): ViewSpec<R, T> {
  if (typeof region !== 'string') {
    throw new TypeError(`Cannot declare a view as 'region' must be the name of a region: received ${String(region)}`);
  }
  if (!(hasOwn(ELEMENT_KINDS, as?.kind as PropertyKey) || as?.kind === 'dataView') || as.viewOf || as.ownBuffer) {
    throw new TypeError(
      `Cannot declare a view of ${region} as it must see the bytes as cells (u32Array(2), ...) or dataView(n): received ${as?.kind ?? String(as)}`,
    );
  }
  if (as.reset) {
    throw new TypeError(
      `Cannot declare a view of ${region} with an initial value: a view owns no bytes and is not reset; give ${region} the initial value`,
    );
  }
  return { ...as, viewOf: { region, byteOffset } };
}
