// The pure evolves of the projections: given events, then the rows (and counter deltas) they give.
import type { RecordedEvent } from '#eventstore';
import { evolveAlertRow, timelineRow } from '../alerts/alert-row.js';
import { contributionOf, CounterDeltas } from '../statistics/contribution.js';
import { labelRow } from '../statistics/label-row.js';
import { evolveTransactionRow, type TransactionRow } from '../transactions/transaction-row.js';
import { foldRows } from './projection.js';

let position = 0;
const recorded = (
  streamId: string,
  streamVersion: number,
  type: string,
  data: Record<string, unknown>,
): RecordedEvent => {
  position += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId,
    streamVersion,
    type,
    data,
    metadata: { actor: { id: 'ana', role: 'analyst' }, occurredAt: '2025-01-01T10:00:30Z' },
    schemaVersion: 1,
    globalPosition: String(position),
    recordedAt: `2025-01-01T10:00:${String(position % 60).padStart(2, '0')}Z`,
    checkpoint: `pg:1:${position}`,
  };
};

const received = recorded('transaction-t1', 1, 'TransactionReceived', {
  transactionId: 't1',
  customerId: 'c1',
  merchantId: 'm1',
  merchantCategory: 'grocery',
  country: 'FR',
  amount: 100.1,
  currency: 'EUR',
  occurredAt: '2025-01-01T10:00:42Z',
  receivedAt: '2025-01-01T10:00:42Z',
});
const scored = recorded('transaction-t1', 2, 'TransactionScored', {
  transactionId: 't1',
  customerId: 'c1',
  riskScore: 0.91,
  decision: 'BLOCK',
  modelVersion: 'v1',
  policyVersion: 3,
  reviewThreshold: 0.5,
  blockThreshold: 0.8,
  customerBlocked: false,
  features: {},
  reasons: [],
  scoredAt: '2025-01-01T10:00:43Z',
});
const released = recorded('transaction-t1', 3, 'TransactionReleased', {
  transactionId: 't1',
  by: 'ana',
  reason: 'called',
  at: 'x',
});
const resolved = recorded('alert-t1', 3, 'AlertResolved', {
  alertId: 't1',
  disposition: 'FALSE_POSITIVE',
  note: 'ok',
  by: 'ana',
  resolvedAt: '2025-01-02T00:00:00Z',
});
const chargeback = recorded('transaction-t1', 4, 'ChargebackReported', {
  transactionId: 't1',
  customerId: 'c1',
  reportedAt: '2025-02-01T00:00:00Z',
  reason: null,
  amount: null,
});

const fold = (events: RecordedEvent[]): TransactionRow | undefined => {
  let row: TransactionRow | undefined;
  for (const event of events) row = evolveTransactionRow(row, event);
  return row;
};

describe('transactions_enriched rows', () => {
  it('a scored, released transaction later charged back is released and labelled fraud by the chargeback', () => {
    const row = fold([received, scored, released, resolved, chargeback])!;
    expect(row).toMatchObject({
      status: 'released',
      decision: 'BLOCK',
      disposition: 'FALSE_POSITIVE',
      chargeback: true,
      label: 'fraud',
    });
    expect(row).toMatchObject({ stream_version: 4, alert_version: 3 });
    expect(labelRow(row)).toMatchObject({
      source: 'chargeback',
      is_fraud: true,
      labelled_at: '2025-02-01T00:00:00Z',
    });
  });

  it('an event the row already reflects leaves it unchanged (the same row)', () => {
    const row = fold([received, scored])!;
    expect(evolveTransactionRow(row, scored)).toBe(row);
    expect(evolveTransactionRow(row, received)).toBe(row);
    expect(foldRows([scored, received], new Map([['t1', row]]), () => 't1', evolveTransactionRow).size).toBe(
      0,
    );
  });
});

describe('transactions_enriched: the challenger in shadow', () => {
  const shadow = recorded('transaction-t1', 3, 'TransactionShadowScored', {
    transactionId: 't1',
    customerId: 'c1',
    modelVersion: 'v2',
    championVersion: 'v1',
    riskScore: 0.42,
    decision: 'APPROVE',
    policyVersion: 3,
    reviewThreshold: 0.5,
    blockThreshold: 0.8,
    reasons: [],
    scoredAt: '2025-01-01T10:00:43Z',
  });

  it("records the challenger's score and would-be decision beside the champion's, which still decides", () => {
    const row = fold([received, scored, shadow])!;
    expect(row).toMatchObject({
      shadow_model_version: 'v2',
      shadow_risk_score: 0.42,
      shadow_decision: 'APPROVE',
      model_version: 'v1',
      risk_score: 0.91,
      decision: 'BLOCK',
      status: 'blocked',
      stream_version: 3,
    });
  });

  it('a transaction scored without a challenger has no shadow columns, and a replayed shadow event changes nothing', () => {
    expect(fold([received, scored])).toMatchObject({
      shadow_model_version: null,
      shadow_risk_score: null,
      shadow_decision: null,
    });
    const row = fold([received, scored, shadow])!;
    expect(evolveTransactionRow(row, shadow)).toBe(row);
  });
});

describe('transactions_enriched status after the review', () => {
  const fold = (events: RecordedEvent[]) =>
    events.reduce<TransactionRow | undefined>((row, event) => evolveTransactionRow(row, event), undefined);
  const reviewScored = (id: string) =>
    recorded(`transaction-${id}`, 2, 'TransactionScored', {
      ...scored.data,
      transactionId: id,
      riskScore: 0.6,
      decision: 'REVIEW',
    });
  const receivedAs = (id: string) =>
    recorded(`transaction-${id}`, 1, 'TransactionReceived', { ...received.data, transactionId: id });
  const resolvedAs = (id: string, version: number, disposition: string) =>
    recorded(`alert-${id}`, version, 'AlertResolved', {
      alertId: id,
      disposition,
      note: 'checked with the customer',
      by: 'ana',
      resolvedAt: 'x',
    });

  it('a transaction in review whose alert is resolved as a false positive is approved, by the resolver', () => {
    const row = fold([receivedAs('r1'), reviewScored('r1'), resolvedAs('r1', 3, 'FALSE_POSITIVE')]);
    expect(row).toMatchObject({ status: 'approved', status_changed_by: 'ana', label: 'legit' });
    expect(row?.status_reason).toContain('checked with the customer');
  });

  it('a confirmed fraud leaves the payment as its own facts say (still in review until blocked)', () => {
    const row = fold([receivedAs('r2'), reviewScored('r2'), resolvedAs('r2', 3, 'CONFIRMED_FRAUD')]);
    expect(row).toMatchObject({ status: 'in_review', label: 'fraud' });
  });

  it('a blocked transaction stays blocked whatever the disposition', () => {
    const row = fold([received, scored, resolvedAs('t1', 3, 'FALSE_POSITIVE')]);
    expect(row).toMatchObject({ status: 'blocked', disposition: 'FALSE_POSITIVE' });
  });

  it('reopening the alert puts the transaction it approved back in review', () => {
    const reopened = recorded('alert-r3', 4, 'AlertReopened', {
      alertId: 'r3',
      reason: 'chargeback came in',
      by: 'sue',
      at: 'x',
    });
    const row = fold([receivedAs('r3'), reviewScored('r3'), resolvedAs('r3', 3, 'FALSE_POSITIVE'), reopened]);
    expect(row).toMatchObject({
      status: 'in_review',
      status_changed_by: 'sue',
      disposition: null,
      label: null,
    });
  });
});

describe('statistics contributions', () => {
  it('a transaction counts once, as it is now: blocked then released leaves blocked and enters released', () => {
    const blockedRow = fold([received, scored])!;
    const releasedRow = fold([received, scored, released])!;
    const deltas = new CounterDeltas();
    deltas.change(undefined, blockedRow);
    deltas.change(blockedRow, releasedRow);
    const [minute] = deltas.entries('minute');
    expect(minute).toMatchObject({ key: '2025-01-01T10:00:00.000Z' });
    expect(minute?.counters).toMatchObject({
      transactions: 1,
      blocked: 0,
      released: 1,
      suspected: 1,
      amount_total: 1_001_000,
      exposure: 1_001_000,
    });
    expect(
      deltas
        .entries('histogram')
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(['0.01:91', '0.05:18']);
  });

  it('a change that moves no counter yields no entry, and a transaction never received contributes nothing', () => {
    const row = fold([received, scored])!;
    const deltas = new CounterDeltas();
    deltas.change(row, { ...row, updated_at: 'later' });
    expect(deltas.entries('merchant')).toEqual([]);
    expect(contributionOf(fold([chargeback])).keys.minute).toEqual([]);
  });

  it('given transactions of one merchant as loaded (+00:00) and as folded (Z), when counted, then last seen is the latest instant whatever its spelling', () => {
    // Given
    const row = fold([received, scored])!;
    const loadedLater = { ...row, transaction_id: 'loaded', occurred_at: '2025-01-01T10:05:00+00:00' };
    const foldedEarlier = { ...row, transaction_id: 'early', occurred_at: '2025-01-01T10:04:59.999Z' };
    const foldedEarliest = { ...row, transaction_id: 'earliest', occurred_at: '2025-01-01T09:00:00.000Z' };

    // When
    const deltas = new CounterDeltas();
    for (const after of [foldedEarliest, loadedLater, foldedEarlier]) deltas.change(undefined, after);
    const ordered = new CounterDeltas();
    for (const after of [foldedEarliest, foldedEarlier]) ordered.change(undefined, after);

    // Then
    expect(deltas.entries('merchant')[0]).toMatchObject({ lastSeen: '2025-01-01T10:05:00+00:00' });
    expect(deltas.entries('merchant')[0]?.counters.transactions).toBe(3);
    expect(ordered.entries('merchant')[0]).toMatchObject({ lastSeen: '2025-01-01T10:04:59.999Z' });
  });
});

describe('fraud_alerts rows and the timeline', () => {
  const raised = recorded('alert-a1', 1, 'AlertRaised', {
    alertId: 'a1',
    transactionId: 'a1',
    customerId: 'c1',
    merchantId: 'm1',
    riskScore: 0.9,
    decision: 'BLOCK',
    amount: 200,
    currency: 'EUR',
    reasons: ['x'],
    raisedAt: '2025-01-01T10:00:00Z',
  });
  const claimed = recorded('alert-a1', 2, 'AlertClaimed', {
    alertId: 'a1',
    assignee: 'ana',
    claimedAt: '2025-01-01T10:01:00Z',
  });
  const reopened = recorded('alert-a1', 3, 'AlertReopened', {
    alertId: 'a1',
    reason: 'look again',
    by: 'sam',
    at: 'y',
  });

  it('a claimed then reopened alert is open, unassigned, at the stream version, sorted by expected loss', () => {
    let row = evolveAlertRow(undefined, raised);
    row = evolveAlertRow(evolveAlertRow(row, claimed), reopened);
    expect(row).toMatchObject({
      status: 'OPEN',
      assignee: null,
      claimed_at: null,
      version: 3,
      expected_loss: 180,
    });
  });

  it('an alert event before AlertRaised is refused, naming the stream', () => {
    expect(() => evolveAlertRow(undefined, claimed)).toThrow(
      'AlertClaimed on alert-a1 before its AlertRaised',
    );
  });

  it('a timeline row says who did what, when, with the event data', () => {
    expect(timelineRow(claimed)).toEqual({
      alert_id: 'a1',
      version: 2,
      type: 'AlertClaimed',
      actor_id: 'ana',
      actor_role: 'analyst',
      at: '2025-01-01T10:00:30Z',
      details: { assignee: 'ana', claimedAt: '2025-01-01T10:01:00Z' },
      event_id: claimed.eventId,
    });
  });
});
