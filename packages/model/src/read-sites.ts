/**
 * The reads of a test as the search sees them: each read with its
 * reads-bytes-from options, and the spec's per-read conditions (coherent
 * reads §29.7.2, tear-free reads §29.7.3, synchronizes-with §29.6.5)
 * evaluated for one option at a time, so the search can cut a candidate as
 * soon as one read breaks them.
 */
import { type Cell, type EventStructure, INIT, type ReadOption, equalRange, readOptions, sourceEvents } from './events.js';
import type { Relation } from './relation.js';

/** A read with its reads-bytes-from options. */
export interface ReadSite {
  readonly read: number;
  readonly seqcst: boolean;
  readonly cells: readonly Cell[];
  readonly options: readonly ReadOption[];
}

const sitesCache = new WeakMap<EventStructure, ReadSite[]>();

/** The reads of a structure: SeqCst reads first (they alone make synchronizes-with), then plain reads, then the final reads. */
export function sitesOf(structure: EventStructure): ReadSite[] {
  let sites = sitesCache.get(structure);
  if (!sites) sitesCache.set(structure, (sites = computeSites(structure)));
  return sites;
}

function computeSites(structure: EventStructure): ReadSite[] {
  const ev = structure.events;
  const rank = (r: number) => (ev[r]!.agent === 'final' ? 2 : ev[r]!.order === 'seqcst' ? 0 : 1);
  return [...structure.reads]
    .sort((a, b) => rank(a) - rank(b) || ev[a]!.index - ev[b]!.index || a - b)
    .map((read) => ({ read, seqcst: ev[read]!.order === 'seqcst', cells: structure.cells.get(read)!, options: readOptions(structure, read) }));
}

const pairsCache = new WeakMap<ReadOption, [number, number][]>();

/** The (write, read) pairs of reads-from an option gives (init sources expanded to the cell's init writes). */
export function rfPairs(structure: EventStructure, site: ReadSite, option: ReadOption): [number, number][] {
  let pairs = pairsCache.get(option);
  if (!pairs) {
    pairs = site.cells.flatMap((cell, i) => sourceEvents(structure, cell, option.sources[i]!).map((w) => [w, site.read] as [number, number]));
    pairsCache.set(option, pairs);
  }
  return pairs;
}

/** §29.7.2 for one read: no source happens after it, and no write to the same byte lies between a source and it. */
export function coherent(hb: Relation, site: ReadSite, option: ReadOption): boolean {
  const r = site.read;
  // Plain loops: the search calls this for every earlier read at every node.
  for (let i = 0; i < site.cells.length; i++) {
    const writers = site.cells[i]!.writers;
    for (const w of option.sources[i]!) {
      if (w !== INIT && hb.has(r, w)) return false;
      for (const v of writers) {
        // An init write happens before every other write.
        if (v !== w && (w === INIT || hb.has(w, v)) && hb.has(v, r)) return false;
      }
    }
  }
  return true;
}

/** §29.7.3 for one read: a tear-free read takes bytes from at most one tear-free write of its own range. */
export function tearFree(structure: EventStructure, site: ReadSite, option: ReadOption): boolean {
  const ev = structure.events;
  const R = ev[site.read]!;
  if (!R.noTear) return true;
  const writers = site.cells.flatMap((cell, i) => sourceEvents(structure, cell, option.sources[i]!));
  const equal = new Set(writers.filter((w) => ev[w]!.noTear && equalRange(ev[w]!, R)));
  return equal.size <= 1;
}

/** The synchronizes-with edges an option adds: from SeqCst writes of equal range to a SeqCst read. */
export function swSources(structure: EventStructure, site: ReadSite, option: ReadOption): number[] {
  if (!site.seqcst) return [];
  let sources = swCache.get(option);
  if (!sources) swCache.set(option, (sources = computeSwSources(structure, site, option)));
  return sources;
}

const swCache = new WeakMap<ReadOption, number[]>();

function computeSwSources(structure: EventStructure, site: ReadSite, option: ReadOption): number[] {
  const ev = structure.events;
  const R = ev[site.read]!;
  return [...new Set(option.sources.flat())].filter((w) => w !== INIT && ev[w]!.order === 'seqcst' && equalRange(ev[w]!, R));
}

