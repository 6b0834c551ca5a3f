// Event ids are how the store recognises a re-append: they must never change between versions.
import { nameBasedUuid, scoringEventId } from './event-ids.js';

describe('name-based event ids', () => {
  it('are RFC 4122 version 5 uuids (the RFC namespace for DNS names and a known name)', () => {
    const dns = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
    expect(nameBasedUuid('www.example.com', dns)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('give the ids earlier versions gave, for short, non-ASCII and very long names', () => {
    // Pinned from the implementation with a Hash object per id (before 2026-12-05).
    expect(nameBasedUuid('tx-1/TransactionScored')).toBe('53f4dfd9-004d-5c90-ba6d-a7c9dcc10d22');
    expect(scoringEventId('8c0e2c9a-0d38-4a61-b1f1-6ad3c1b0f2a7', 'AlertRaised')).toBe(
      '7fb724b6-edaf-5a3d-81da-9de4ccc32670',
    );
    expect(nameBasedUuid('ü€𝄞/x')).toBe('d6b1beef-190a-5758-afd5-8d9decc09c0f');
    expect(nameBasedUuid('x'.repeat(5000))).toBe('09ff58d2-3d5d-551b-92ea-d050e1233980');
  });

  it('do not carry anything over from a longer name before it', () => {
    const short = nameBasedUuid('a/TransactionScored');
    nameBasedUuid('a-much-longer-transaction-id-than-the-next/TransactionScored');
    expect(nameBasedUuid('a/TransactionScored')).toBe(short);
  });
});
