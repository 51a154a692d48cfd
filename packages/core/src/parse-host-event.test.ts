/**
 * Property tests of the event parser: whatever a host prints, the harness
 * gets a value back, never an exception, and an error that says what is wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventLine } from './host.js';
import { type HostEventBody, PROTOCOL_VERSION, parseHostEvent } from './schema.js';

const id = fc.stringMatching(/^[a-z]+\/[a-z-]+$/);
// `+ 0` turns -0 into 0: JSON has no negative zero, so -0 cannot survive a
// round trip through any event line (a host never measures -0 ms anyway).
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const paramValue = fc.oneof(fc.integer(), fc.string(), fc.boolean());

/** Valid events of every type but experiment-result (whose result has its own tests). */
const validEvent: fc.Arbitrary<HostEventBody> = fc.oneof(
  fc.record({
    type: fc.constant('hello' as const),
    runtime: fc.record({ id: fc.constantFrom('node', 'deno', 'bun', 'chromium', 'firefox'), version: fc.string(), engine: fc.string() }),
    capabilities: fc.record({
      sharedArrayBuffer: fc.boolean(),
      crossOriginIsolated: fc.option(fc.boolean(), { nil: null }),
      atomicsWaitOnMainThread: fc.boolean(),
      atomicsWaitAsync: fc.boolean(),
      atomicsPause: fc.boolean(),
      cores: fc.integer({ min: 1, max: 512 }),
      clockResolutionNs: finite,
    }),
  }),
  fc.record({
    type: fc.constant('experiment-start' as const),
    id,
    title: fc.string(),
    // Param names are the keys of an experiment's `params` object literal,
    // where `__proto__` sets the prototype instead: no param can be named so
    // (and zod's record drops the key, as it should).
    params: fc.dictionary(fc.string().filter((key) => key !== '__proto__'), paramValue),
    actors: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ type: fc.constant('progress' as const), id, trials: fc.nat(), elapsedMs: finite }),
  fc.record({ type: fc.constant('log' as const), level: fc.constantFrom('info', 'warn', 'error'), message: fc.string() }),
  fc.constant({ type: 'done' as const }),
);

const isError = (parsed: ReturnType<typeof parseHostEvent>) => !parsed.ok && parsed.error.length > 0;

describe('parseHostEvent, for any input', () => {
  it('never throws on any string, and every failure has a message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        const parsed = parseHostEvent(line);
        expect(parsed.ok || isError(parsed)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any JSON value, and accepts only objects of the current version', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseHostEvent(JSON.stringify(value));
        if (parsed.ok) expect((value as { v: unknown }).v).toBe(PROTOCOL_VERSION);
        else expect(parsed.error).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('reads back every valid event a host writes', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(parseHostEvent(eventLine(event))).toEqual({ ok: true, event: { v: PROTOCOL_VERSION, ...event } });
      }),
    );
  });

  it('rejects every truncation of a valid event as not JSON', () => {
    fc.assert(
      fc.property(validEvent, fc.double({ min: 0, max: 1, noNaN: true }), (event, where) => {
        const line = eventLine(event);
        const cut = line.slice(0, Math.floor(where * (line.length - 1)));
        const parsed = parseHostEvent(cut);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error).toMatch(/^not JSON/);
      }),
    );
  });

  it('names an unknown event type', () => {
    const known = ['hello', 'experiment-start', 'progress', 'experiment-result', 'log', 'done'];
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((t) => !known.includes(t)), fc.dictionary(fc.string(), fc.jsonValue()), (type, rest) => {
        const parsed = parseHostEvent(JSON.stringify({ ...rest, v: PROTOCOL_VERSION, type }));
        expect(parsed).toEqual({ ok: false, error: expect.stringContaining(`invalid '${type}' event`) });
      }),
    );
  });

  it('asks for an update on a newer protocol version, whatever the event', () => {
    fc.assert(
      fc.property(validEvent, fc.integer({ min: PROTOCOL_VERSION + 1 }), (event, v) => {
        const parsed = parseHostEvent(JSON.stringify({ ...event, v }));
        expect(parsed).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`protocol version ${v} is newer .*update racelab`)) });
      }),
    );
  });

  it('rejects an event with a field of the wrong type, naming the event', () => {
    fc.assert(
      fc.property(validEvent.filter((e) => e.type !== 'done'), fc.oneof(fc.string(), fc.constant(null), fc.object()), (event, junk) => {
        const field = Object.keys(event).find((k) => k !== 'type')!;
        if (typeof junk === 'string' && typeof (event as Record<string, unknown>)[field] === 'string') return;
        const parsed = parseHostEvent(JSON.stringify({ v: PROTOCOL_VERSION, ...event, [field]: junk }));
        expect(parsed).toEqual({ ok: false, error: expect.stringContaining(`invalid '${event.type}' event`) });
      }),
    );
  });
});
