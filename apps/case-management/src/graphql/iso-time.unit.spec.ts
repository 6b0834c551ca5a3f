import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it('given any millisecond from 1970 to 9999, then it is the text Date#toISOString gives', () => {
    const edges = [
      0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000,
      1_764_892_800_123, 253_402_300_799_999,
    ];
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 253_402_300_799_999;
    const samples = [...edges, ...Array.from({ length: 200_000 }, () => Math.floor(random()))];
    const wrong = samples.filter((ms) => isoTime(ms) !== new Date(ms).toISOString());
    expect(wrong).toEqual([]);
  });

  it('given a fraction of a millisecond (PostgreSQL epoch * 1000 keeps microseconds), then it drops it as Date does', () => {
    for (const ms of [1_764_892_800_123.999, 1_764_892_800_123.001, 0.5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('given a time outside 1970-9999, then Date formats it', () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 8.64e15]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
