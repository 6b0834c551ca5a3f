// Decoding feed rows without pg's type parsers, and the order check that stands in for an outer
// ORDER BY in the feed statement.
import { decimalGreater, decodeEventRow, type EventRow } from './postgres-event-rows.js';
import { inFeedOrder } from './postgres-feed.js';

const row = (tx: string, position: string, overrides: Partial<Record<number, string>> = {}): EventRow => {
  const values: EventRow = [
    position,
    tx,
    'transaction-1',
    '2',
    '0b4c2a58-5d0c-4c43-9d52-1f6f3f0b8b7e',
    'TestUpcast',
    '1',
    '{"amount": 12.34}',
    '{"actor": "system", "occurredAt": "2026-01-02T03:04:05.000Z"}',
    '2026-01-02T03:04:06.789Z',
  ];
  for (const [index, value] of Object.entries(overrides)) values[Number(index)] = value ?? null;
  return values;
};

describe('event rows', () => {
  it('decode into a recorded event with its checkpoint, upcast to the latest schema', () => {
    const event = decodeEventRow(row('900', '12'), {
      TestUpcast: { 1: (data) => ({ amountMinor: Math.round(Number(data.amount) * 100) }) },
    });
    expect(event).toEqual({
      eventId: '0b4c2a58-5d0c-4c43-9d52-1f6f3f0b8b7e',
      type: 'TestUpcast',
      data: { amountMinor: 1234 },
      metadata: { actor: 'system', occurredAt: '2026-01-02T03:04:05.000Z' },
      schemaVersion: 2,
      streamId: 'transaction-1',
      streamVersion: 2,
      globalPosition: '12',
      recordedAt: '2026-01-02T03:04:06.789Z',
      checkpoint: 'pg:900:12',
    });
  });

  it('compare decimal text as numbers, also across lengths and beyond 2^53', () => {
    expect(decimalGreater('10', '9')).toBe(true);
    expect(decimalGreater('9', '10')).toBe(false);
    expect(decimalGreater('18446744073709551615', '18446744073709551614')).toBe(true);
    expect(decimalGreater('5', '5')).toBe(false);
  });

  it('a page already in (transaction, position) order is returned as it is', () => {
    const rows = [row('9', '100'), row('10', '7'), row('10', '8'), row('11', '1')];
    expect(inFeedOrder(rows)).toBe(rows);
  });

  it('a page a plan returned out of order is sorted by transaction, then position', () => {
    const rows = [row('10', '8'), row('9', '100'), row('11', '1'), row('10', '7')];
    expect(inFeedOrder(rows).map((r) => `${r[1]}:${r[0]}`)).toEqual(['9:100', '10:7', '10:8', '11:1']);
  });
});
