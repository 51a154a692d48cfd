import { describe, expect, it } from 'vitest';
import { modelSearchProgress } from '../src/plugins/model-progress.js';

/** A stream that keeps what is written, and a clock moved by hand. */
function setup(isTTY: boolean) {
  const written: string[] = [];
  let time = 0;
  const progress = modelSearchProgress('Big', { isTTY, write: (text: string) => written.push(text) }, () => time);
  return { written, progress, at: (ms: number) => (time = ms) };
}

describe('progress of a long model search', () => {
  it('on a terminal: nothing for the first second, then one line rewritten at most every 250 ms, cleared at the end', () => {
    const { written, progress, at } = setup(true);
    at(500);
    progress.onProgress({ candidates: 32_768, outcomes: 10 });
    expect(written).toEqual([]);
    at(1200);
    progress.onProgress({ candidates: 65_536, outcomes: 2474 });
    at(1300);
    progress.onProgress({ candidates: 98_304, outcomes: 2500 });
    at(1500);
    progress.onProgress({ candidates: 131_072, outcomes: 2600 });
    progress.done();
    expect(written).toEqual([
      '\r\x1b[KBig: the ECMAScript model has checked 65,536 valid candidate executions and found 2,474 outcomes (1 s)',
      '\r\x1b[KBig: the ECMAScript model has checked 131,072 valid candidate executions and found 2,600 outcomes (2 s)',
      '\r\x1b[K',
    ]);
  });

  it('elsewhere: a line every 30 s and one at the end; a quick search prints nothing', () => {
    const { written, progress, at } = setup(false);
    at(20_000);
    progress.onProgress({ candidates: 1, outcomes: 1 });
    at(31_000);
    progress.onProgress({ candidates: 2, outcomes: 2 });
    at(45_000);
    progress.onProgress({ candidates: 3, outcomes: 3 });
    at(50_000);
    progress.done();
    expect(written).toEqual(['Big: the ECMAScript model has checked 2 valid candidate executions and found 2 outcomes (31 s)\n', 'Big: the models are done (50 s)\n']);
    const quick = setup(false);
    quick.progress.done();
    expect(quick.written).toEqual([]);
  });
});
