// Tokens already verified, by their exact text, until they expire: an analyst's console sends the
// same bearer token with every request, and verifying it each time (an HMAC or RSA/ECDSA check on the
// crypto thread pool, plus the claim checks) was the largest single cost of a small query. Only a
// successful verification is remembered, never beyond the token's `exp`, and never longer than
// `maxAgeMs`, so a key the identity provider withdraws stops being honoured within that bound.
import type { Person } from '#domain';

interface Entry {
  readonly person: Person;
  readonly until: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 10_000,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The person a still-valid cached token stands for; an expired entry is dropped. */
  get(token: string): Person | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.person;
  }

  /** Remember a verified token; `expiresAt` is its `exp` claim (seconds), when it has one. */
  remember(token: string, person: Person, expiresAt: number | undefined): void {
    const now = this.now();
    const until = Math.min(now + this.maxAgeMs, expiresAt === undefined ? Infinity : expiresAt * 1000);
    if (until <= now) return;
    if (this.entries.size >= this.capacity) {
      // Oldest first (Map keeps insertion order): a bound on memory, not a popularity contest.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { person, until });
  }
}
