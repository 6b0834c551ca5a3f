import { NO_STREAM, type AppendRequest } from '../event-store.port.js';
import { splitBatch } from './postgres-append-batch.js';

const metadata = { actor: 'system', occurredAt: '2026-01-01T00:00:00.000Z' } as const;

const request = (n: number, bytes = 100): AppendRequest => ({
  streamId: `transaction-${n}`,
  expected: NO_STREAM,
  events: [
    {
      eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      type: 'T',
      schemaVersion: 1,
      data: { pad: 'x'.repeat(bytes) },
      metadata,
    },
  ],
});

describe('splitBatch', () => {
  it('keeps a batch within the budget as one part whose JSON is what eventstore_append reads', () => {
    // Given two small requests and a generous budget
    const requests = [request(1), request(2, 5)];
    // When split
    const parts = splitBatch(requests, 1 << 20);
    // Then one part, in order, in the { s, x, e: [{ i, t, d, m, v }] } shape
    expect(parts).toHaveLength(1);
    expect(parts[0]!.requests).toEqual(requests);
    expect(JSON.parse(parts[0]!.json)).toEqual([
      {
        s: 'transaction-1',
        x: 'no_stream',
        e: [{ i: requests[0]!.events[0]!.eventId, t: 'T', d: { pad: 'x'.repeat(100) }, m: metadata, v: 1 }],
      },
      {
        s: 'transaction-2',
        x: 'no_stream',
        e: [{ i: requests[1]!.events[0]!.eventId, t: 'T', d: { pad: 'xxxxx' }, m: metadata, v: 1 }],
      },
    ]);
  });

  it('cuts a large batch into consecutive parts, each within the budget, losing and reordering nothing', () => {
    // Given 1,000 requests of ~200 bytes of JSON and a 10 KB budget
    const requests = Array.from({ length: 1000 }, (_, n) => request(n));
    // When split
    const parts = splitBatch(requests, 10_000);
    // Then every part fits, and together they are the batch in order
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(part.json.length).toBeLessThanOrEqual(10_000);
    expect(parts.flatMap((part) => part.requests)).toEqual(requests);
    expect(
      parts.flatMap((part) => (JSON.parse(part.json) as { s: string }[]).map((entry) => entry.s)),
    ).toEqual(requests.map((r) => r.streamId));
  });

  it('never splits one stream: a request above the budget is a part of its own', () => {
    // Given a request larger than the budget between two small ones
    const requests = [request(1), request(2, 50_000), request(3)];
    // When split with a 1 KB budget
    const parts = splitBatch(requests, 1_000);
    // Then three parts, the large one whole
    expect(parts.map((part) => part.requests.map((r) => r.streamId))).toEqual([
      ['transaction-1'],
      ['transaction-2'],
      ['transaction-3'],
    ]);
  });

  it('rejects a budget that is not a positive number of bytes', () => {
    expect(() => splitBatch([request(1)], 0)).toThrow(/maxStatementBytes must be a positive number/);
  });
});
