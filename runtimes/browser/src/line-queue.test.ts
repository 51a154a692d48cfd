import { describe, expect, it } from 'vitest';
import { LineQueue } from './line-queue.js';

async function drain(queue: LineQueue): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of queue) lines.push(line);
  return lines;
}

describe('LineQueue', () => {
  it('restores the order of lines that arrive out of order', async () => {
    const queue = new LineQueue();
    const read = drain(queue);
    queue.push(2, 'c');
    queue.push(0, 'a');
    expect(queue.delivered).toBe(1);
    queue.push(1, 'b');
    expect(queue.delivered).toBe(3);
    queue.end();
    expect(await read).toEqual(['a', 'b', 'c']);
  });

  it('puts injected lines at the current position and drops lines after the end', async () => {
    const queue = new LineQueue();
    queue.push(0, 'a');
    queue.inject('log');
    queue.push(1, 'b');
    queue.end();
    queue.push(2, 'late');
    queue.inject('late log');
    expect(await drain(queue)).toEqual(['a', 'log', 'b']);
  });

  it('wakes a reader that waits, and ends it', async () => {
    const queue = new LineQueue();
    const read = drain(queue);
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push(0, 'a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.end();
    expect(await read).toEqual(['a']);
  });
});
