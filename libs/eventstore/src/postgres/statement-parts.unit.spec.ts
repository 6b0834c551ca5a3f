import { runInParts, slices } from './statement-parts.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runInParts', () => {
  it('returns every part’s result in part order, never more than `concurrency` running', async () => {
    // Given ten parts that finish in reverse-ish order
    let running = 0;
    let peak = 0;
    const work = async (n: number) => {
      running += 1;
      peak = Math.max(peak, running);
      for (let k = 0; k < 10 - n; k++) await tick();
      running -= 1;
      return n * 10;
    };
    // When run two at a time
    const results = await runInParts([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2, work);
    // Then results are in part order and at most two ran at once
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(peak).toBe(2);
  });

  it('starts no part after a failure and throws only once the parts in flight have ended', async () => {
    // Given part 1 fails while part 0 is still running
    const started: number[] = [];
    const ended: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      if (n === 1) throw new Error('part 1 failed');
      for (let k = 0; k < 5; k++) await tick();
      ended.push(n);
      return n;
    };
    // When run two at a time
    await expect(runInParts([0, 1, 2, 3], 2, work)).rejects.toThrow('part 1 failed');
    // Then parts 2 and 3 never started, and part 0 had ended before the error surfaced
    expect(started).toEqual([0, 1]);
    expect(ended).toEqual([0]);
  });

  it('runs one lane when asked for none, and nothing for no parts', async () => {
    expect(await runInParts([1, 2], 0, (n) => Promise.resolve(n + 1))).toEqual([2, 3]);
    expect(await runInParts([], 2, () => Promise.reject(new Error('never')))).toEqual([]);
  });
});

describe('slices', () => {
  it('cuts items into consecutive slices of at most the size', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([], 2)).toEqual([]);
  });
});
