import { describe, expect, it } from 'vitest';
import { parseHostEvent } from './schema.js';

describe('parseHostEvent', () => {
  it('accepts a valid event', () => {
    const parsed = parseHostEvent('{"v":1,"type":"progress","id":"lesson/one-thread","trials":3,"elapsedMs":12.5}');
    expect(parsed).toEqual({
      ok: true,
      event: { v: 1, type: 'progress', id: 'lesson/one-thread', trials: 3, elapsedMs: 12.5 },
    });
  });
  it('says what is wrong with garbage, truncation, unknown types and newer versions', () => {
    expect(parseHostEvent('Segmentation fault')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(parseHostEvent('{"v":1,"type":"prog')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(parseHostEvent('[1,2]')).toMatchObject({ ok: false, error: expect.stringMatching(/not an event object/) });
    expect(parseHostEvent('{"v":2,"type":"done"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/protocol version 2 is newer .*update racelab/),
    });
    expect(parseHostEvent('{"v":1,"type":"teleport"}')).toMatchObject({ ok: false, error: expect.stringMatching(/invalid 'teleport' event/) });
    expect(parseHostEvent('{"v":1,"type":"progress","id":"x"}')).toMatchObject({ ok: false, error: expect.stringMatching(/trials/) });
  });
});
