// A user's own labelled history (CSV with a header row, or JSON Lines) -> labelled transactions in
// time order. Columns are mapped onto our fields (`--map amount=amt,occurredAt=ts,label=is_fraud`);
// a row that cannot be read is counted under its reason and reported, never silently dropped.
import { readFile } from 'node:fs/promises';
import type { Transaction } from '#domain';
import type { LabelledTransaction } from '../training/train-pipeline.js';

export const MAPPABLE_FIELDS = [
  'transactionId',
  'customerId',
  'merchantId',
  'merchantCategory',
  'country',
  'amount',
  'occurredAt',
  'label',
  'currency',
  'channel',
  'device',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface FileReadResult {
  readonly data: LabelledTransaction[];
  readonly rows: number;
  readonly rejected: number;
  /** Rejected rows per reason, with the first few line numbers of each. */
  readonly reasons: Readonly<Record<string, { count: number; lines: number[] }>>;
}

/** `field=column,...`; `location` is accepted as another name for `country`. */
export function parseFieldMap(spec: string): Partial<Record<MappableField, string>> {
  const map: Partial<Record<MappableField, string>> = {};
  for (const pair of spec.split(',').filter(Boolean)) {
    const [rawField, column] = pair.split('=').map((s) => s.trim());
    const field = rawField === 'location' ? 'country' : rawField;
    if (!column || !MAPPABLE_FIELDS.includes(field as MappableField)) {
      throw new Error(
        `--map entry "${pair}" is not field=column with field one of ${MAPPABLE_FIELDS.join(', ')} (or location).`,
      );
    }
    map[field as MappableField] = column;
  }
  return map;
}

export async function readLabelledFile(
  path: string,
  map: Partial<Record<MappableField, string>> = {},
): Promise<FileReadResult> {
  const text = await readFile(path, 'utf8');
  const records = path.endsWith('.jsonl') || path.endsWith('.ndjson') ? jsonLines(text) : csvRecords(text);
  const column = (field: MappableField): string => map[field] ?? field;
  const reasons: Record<string, { count: number; lines: number[] }> = {};
  const reject = (reason: string, line: number): void => {
    const entry = (reasons[reason] ??= { count: 0, lines: [] });
    entry.count++;
    if (entry.lines.length < 5) entry.lines.push(line);
  };
  const data: (LabelledTransaction & { time: number })[] = [];
  let rows = 0;
  for (const { line, record, error } of records) {
    rows++;
    if (error || !record) {
      reject(error ?? 'unreadable row', line);
      continue;
    }
    const get = (field: MappableField): string => {
      const value = record[column(field)];
      // Nested objects or arrays are not a field value: '' makes the row fail with a clear reason.
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value).trim()
        : '';
    };
    const customerId = get('customerId');
    if (!customerId) {
      reject(`missing ${column('customerId')} (customerId)`, line);
      continue;
    }
    const amount = Number(get('amount'));
    if (!Number.isFinite(amount) || amount <= 0) {
      reject(`${column('amount')} (amount) is not a positive number`, line);
      continue;
    }
    const time = parseTime(get('occurredAt'));
    if (time === undefined) {
      reject(`${column('occurredAt')} (occurredAt) is not an ISO 8601 time or epoch number`, line);
      continue;
    }
    const isFraud = parseLabel(get('label'));
    if (isFraud === undefined) {
      reject(`${column('label')} (label) is not one of 1/0, true/false, yes/no, fraud/legit`, line);
      continue;
    }
    const channel = get('channel');
    const device = get('device');
    const transaction: Transaction = {
      transactionId: get('transactionId') || `${path}#${line}`,
      customerId,
      merchantId: get('merchantId') || 'unknown',
      merchantCategory: get('merchantCategory') || 'unknown',
      country: countryOf(get('country')),
      amount,
      currency: (get('currency') || 'XXX').toUpperCase(),
      occurredAt: new Date(time).toISOString(),
      ...(channel === 'card_present' || channel === 'ecommerce' || channel === 'mobile' || channel === 'atm'
        ? { channel }
        : {}),
      ...(device ? { device } : {}),
    };
    data.push({ transaction, isFraud, time });
  }
  // Stable sort: rows with the same time keep file order.
  data.sort((a, b) => a.time - b.time);
  return {
    data: data.map(({ transaction, isFraud }) => ({ transaction, isFraud })),
    rows,
    rejected: rows - data.length,
    reasons,
  };
}

function parseTime(value: string): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    // Epoch seconds until the year 2286, milliseconds beyond.
    return n < 1e10 ? n * 1000 : n;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function parseLabel(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'y', 'fraud', 'fraudulent', 't'].includes(v)) return true;
  if (['0', 'false', 'no', 'n', 'legit', 'legitimate', 'genuine', 'f'].includes(v)) return false;
  return undefined;
}

/** "FR", "fr" or a location such as "Paris, FR" -> "FR"; anything else is kept, upper-cased. */
function countryOf(value: string): string {
  const code = /(?:^|[\s,;/-])([A-Za-z]{2})$/.exec(value.trim());
  return (code ? code[1]! : value || 'XX').toUpperCase();
}

interface RawRecord {
  readonly line: number;
  readonly record?: Record<string, unknown>;
  readonly error?: string;
}

function* jsonLines(text: string): Generator<RawRecord> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    try {
      const value: unknown = JSON.parse(lines[i]!);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        yield { line: i + 1, error: 'not a JSON object' };
      else yield { line: i + 1, record: value as Record<string, unknown> };
    } catch {
      yield { line: i + 1, error: 'invalid JSON' };
    }
  }
}

function* csvRecords(text: string): Generator<RawRecord> {
  const rows = csvRows(text);
  const header = rows.next();
  if (header.done) return;
  const names = header.value.fields;
  for (const { line, fields } of rows) {
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== names.length) {
      yield { line, error: `has ${fields.length} columns, the header has ${names.length}` };
      continue;
    }
    yield { line, record: Object.fromEntries(names.map((name, k) => [name, fields[k]])) };
  }
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
function* csvRows(text: string): Generator<{ line: number; fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      yield { line: startLine, fields };
      fields = [];
      field = '';
      line++;
      startLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    yield { line: startLine, fields };
  }
}
