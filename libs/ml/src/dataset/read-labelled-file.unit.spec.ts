import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFieldMap, readLabelledFile } from './read-labelled-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ml-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

describe('readLabelledFile', () => {
  it('maps CSV columns onto transaction fields, sorts by time and reads quoted locations', async () => {
    const csv = file(
      'history.csv',
      [
        'id,cust,shop,mcc,place,amt,ts,fraud',
        'b,c1,m1,grocery,"Paris, FR",12.5,2025-01-02T10:00:00Z,0',
        'a,c1,m2,travel,DE,800,1735725600,yes',
      ].join('\n'),
    );
    const map = parseFieldMap(
      'transactionId=id,customerId=cust,merchantId=shop,merchantCategory=mcc,location=place,amount=amt,occurredAt=ts,label=fraud',
    );
    const result = await readLabelledFile(csv, map);
    expect(result.rejected).toBe(0);
    expect(result.data.map((d) => [d.transaction.transactionId, d.transaction.country, d.isFraud])).toEqual([
      ['a', 'DE', true],
      ['b', 'FR', false],
    ]);
    expect(result.data[0]!.transaction.occurredAt).toBe('2025-01-01T10:00:00.000Z');
  });

  it('counts unreadable rows under their reason with line numbers instead of dropping them silently', async () => {
    const jsonl = file(
      'history.jsonl',
      [
        '{"customerId":"c1","amount":10,"occurredAt":"2025-01-01T00:00:00Z","label":0}',
        '{"customerId":"c1","amount":-3,"occurredAt":"2025-01-01T00:00:00Z","label":0}',
        'not json',
        '{"customerId":"c2","amount":5,"occurredAt":"someday","label":1}',
        '{"customerId":"c2","amount":5,"occurredAt":"2025-01-01T00:00:00Z","label":"maybe"}',
      ].join('\n'),
    );
    const result = await readLabelledFile(jsonl);
    expect(result.rows).toBe(5);
    expect(result.data).toHaveLength(1);
    expect(result.rejected).toBe(4);
    expect(result.reasons).toEqual({
      'amount (amount) is not a positive number': { count: 1, lines: [2] },
      'invalid JSON': { count: 1, lines: [3] },
      'occurredAt (occurredAt) is not an ISO 8601 time or epoch number': { count: 1, lines: [4] },
      'label (label) is not one of 1/0, true/false, yes/no, fraud/legit': { count: 1, lines: [5] },
    });
  });

  it('refuses a --map entry for an unknown field, listing the known ones', () => {
    expect(() => parseFieldMap('price=amt')).toThrow(
      /"price=amt" is not field=column with field one of transactionId/,
    );
  });
});
