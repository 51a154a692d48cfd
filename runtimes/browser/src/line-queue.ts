/**
 * Event lines from a page arrive through bindings, possibly out of order;
 * this restores their order by sequence number and serves them as the async
 * iterable a host session exposes.
 */
export class LineQueue implements AsyncIterable<string> {
  #next = 0;
  readonly #early = new Map<number, string>();
  readonly #ready: string[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  /** Lines delivered in order so far. */
  get delivered(): number {
    return this.#next;
  }

  /** Accepts line number `seq`; ignored once ended. */
  push(seq: number, line: string): void {
    if (this.#ended || seq < this.#next) return;
    this.#early.set(seq, line);
    while (this.#early.has(this.#next)) {
      this.#ready.push(this.#early.get(this.#next)!);
      this.#early.delete(this.#next++);
    }
    this.#signal();
  }

  /** Adds a line of the Node side's own (e.g. a log event) at the current position. */
  inject(line: string): void {
    if (this.#ended) return;
    this.#ready.push(line);
    this.#signal();
  }

  /** Ends the iteration once the lines already in order are read; later pushes are dropped. */
  end(): void {
    this.#ended = true;
    this.#signal();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const line = this.#ready.shift();
      if (line !== undefined) {
        yield line;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
