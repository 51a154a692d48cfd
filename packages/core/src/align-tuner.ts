/**
 * How long the last actor to reach a rendezvous (`ctx.align`) waits before
 * it goes on, tuned while a run goes for the most overlapping samples.
 *
 * Why wait at all: the last arrival learns that everyone is there from its
 * own add and goes on at once; the others learn it only when the cache line
 * reaches them, about one line transfer later. By then the last arrival has
 * run its next few instances alone, and they rarely race. Waiting about as
 * long as that transfer lets them all leave together. How long it is, in
 * loop iterations, depends on the machine, the engine and the tier running
 * the loop (an interpreter is 50× slower than an optimizing JIT), and it
 * changes as the JIT warms up: so each trial is a try, scored by the share
 * of its samples whose outcome needed the actors to overlap (an outcome no
 * serial run gives), and the run keeps to the best delay while it tries its
 * neighbours now and then.
 *
 * Store buffering with plain accesses, 2,000 trials of 1,000 instances,
 * every runtime: delays that suited one runtime gave 0–5% overlap on another
 * (see packages/experiments-litmus/bench/alignment.mjs).
 */

/** Delays to choose from, in iterations of the wait loop: 0, then steps of about √2 up to 1,024. */
export const ALIGN_DELAYS: readonly number[] = [0, 4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512, 724, 1024];

/** Weight of a new trial in a delay's score: recent trials count most, as the JIT changes what a delay is worth. */
const SMOOTHING = 0.3;

/** What a run's tuning came to: the delay it settled on, and how many trials tried each delay. */
export interface AlignSummary {
  readonly delay: number;
  readonly tries: Readonly<Record<string, number>>;
}

export class AlignTuner {
  /** Smoothed overlap per delay; NaN until tried. */
  readonly #scores = new Float64Array(ALIGN_DELAYS.length).fill(Number.NaN);
  readonly #tries = new Uint32Array(ALIGN_DELAYS.length);
  #best = 0;
  #random: () => number;

  /** `seed` makes a run's choices repeatable. */
  constructor(seed = 1) {
    this.#random = xorshift(seed);
  }

  /** The index of the delay to use for the next trial. */
  choose(): number {
    // Try every delay once, in order, then mostly the best one so far.
    const untried = this.#scores.findIndex(Number.isNaN);
    if (untried >= 0) return untried;
    const r = this.#random();
    const last = ALIGN_DELAYS.length - 1;
    if (r < 0.8) return this.#best;
    if (r < 0.88) return Math.max(0, this.#best - 1);
    if (r < 0.96) return Math.min(last, this.#best + 1);
    // Now and then anywhere, so a run does not stay on a local best.
    return Math.floor(this.#random() * ALIGN_DELAYS.length);
  }

  /** Scores delay `index` with the share of a trial's samples that overlapped (0 to 1). */
  record(index: number, overlap: number): void {
    const score = this.#scores[index]!;
    this.#scores[index] = Number.isNaN(score) ? overlap : score + SMOOTHING * (overlap - score);
    this.#tries[index]!++;
    let best = 0;
    for (let i = 1; i < this.#scores.length; i++) if (this.#scores[i]! > this.#scores[best]! || Number.isNaN(this.#scores[best]!)) best = i;
    this.#best = best;
  }

  /** The delay the run settled on (the best scored), and how often each delay was tried; undefined before any trial was scored. */
  summary(): AlignSummary | undefined {
    if (this.#tries.every((n) => n === 0)) return undefined;
    const tries: Record<string, number> = {};
    ALIGN_DELAYS.forEach((d, i) => {
      if (this.#tries[i]! > 0) tries[d] = this.#tries[i]!;
    });
    return { delay: ALIGN_DELAYS[this.#best]!, tries };
  }
}

/** A small seeded generator of numbers in [0, 1) (xorshift32): the tuner needs no quality, only repeatability. */
function xorshift(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
