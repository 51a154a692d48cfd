import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLitmus, printLitmus } from './index.js';

const CATALOG = new URL('../../catalog/', import.meta.url);
const files = readdirSync(CATALOG).filter((file) => file.endsWith('.litmus'));

/** Positions and the file name differ between a file and its printed form; nothing else may. */
const withoutPositions = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === 'position' || key === 'file' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));

describe('the litmus catalog', () => {
  it('holds at least 40 tests', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s parses, is named after its file, says what it shows and prints back', (file) => {
    const test = parseLitmus(readFileSync(new URL(file, CATALOG), 'utf8'), file);
    expect(`${test.name}.litmus`).toBe(file);
    expect(test.description?.length).toBeGreaterThan(20);
    expect(withoutPositions(parseLitmus(printLitmus(test)))).toEqual(withoutPositions(test));
  });
});
