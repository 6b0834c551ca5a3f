// Name-based (RFC 4122 version 5) event ids: the same transaction and event type always give the
// same id, so a re-append after a crash or a redelivery is recognised by the store as the same event.
import { createHash } from 'node:crypto';

/** Namespace of this platform's scoring events (a fixed random uuid; never change it). */
const NAMESPACE = Buffer.from('5f0c6f3e9d3a4c1b8a7e2b6d4f1c9e07', 'hex');

export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const scoringEventId = (transactionId: string, eventType: string): string =>
  nameBasedUuid(`${transactionId}/${eventType}`);
