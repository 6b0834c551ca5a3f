import { VerifiedTokenCache } from './verified-token-cache.js';

const alice = { id: 'alice', role: 'analyst' } as const;

describe('VerifiedTokenCache', () => {
  let clock = 1_000_000;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers a remembered token with its person until the token expires', () => {
    const cache = new VerifiedTokenCache(10, 60_000, now);
    cache.remember('t1', alice, (clock + 30_000) / 1000);
    expect(cache.get('t1')).toEqual(alice);
    clock += 29_999;
    expect(cache.get('t1')).toEqual(alice);
    clock += 1;
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a token after maxAge even when it expires much later, or has no exp at all', () => {
    const cache = new VerifiedTokenCache(10, 60_000, now);
    cache.remember('long', alice, (clock + 3_600_000) / 1000);
    cache.remember('no-exp', alice, undefined);
    clock += 60_000;
    expect(cache.get('long')).toBeUndefined();
    expect(cache.get('no-exp')).toBeUndefined();
  });

  it('does not remember a token that is already expired', () => {
    const cache = new VerifiedTokenCache(10, 60_000, now);
    cache.remember('stale', alice, clock / 1000 - 1);
    expect(cache.get('stale')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full, so memory stays bounded', () => {
    const cache = new VerifiedTokenCache(2, 60_000, now);
    cache.remember('a', alice, undefined);
    cache.remember('b', alice, undefined);
    cache.remember('c', alice, undefined);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual(alice);
    expect(cache.get('c')).toEqual(alice);
  });
});
