// A transaction folded from its stream: what block / release return right after appending.
import { evolveTransaction, type TransactionEvent, type TransactionState } from '#domain';
import { Transaction } from './transaction.model.js';

type Envelope = { readonly type: string; readonly data: Readonly<Record<string, unknown>> };

export const transactionStateOf = (events: readonly Envelope[]): TransactionState =>
  events.reduce((state, event) => evolveTransaction(state, event as unknown as TransactionEvent), {
    status: 'NONE',
  } as TransactionState);

export function transactionViewOf(events: readonly Envelope[]): Transaction | undefined {
  const state = transactionStateOf(events);
  if (state.status === 'NONE') return undefined;
  const typed = events as unknown as readonly TransactionEvent[];
  const received = typed.find((event) => event.type === 'TransactionReceived');
  const scored = typed.findLast((event) => event.type === 'TransactionScored');
  const suspected = typed.find((event) => event.type === 'FraudSuspected');
  const r = received?.type === 'TransactionReceived' ? received.data : undefined;
  const s = scored?.type === 'TransactionScored' ? scored.data : undefined;
  return Object.assign(new Transaction(), {
    id: state.transactionId,
    customerId: r?.customerId ?? null,
    merchantId: r?.merchantId ?? null,
    merchantCategory: r?.merchantCategory ?? null,
    country: r?.country ?? null,
    amount: r?.amount ?? null,
    currency: r?.currency ?? null,
    occurredAt: r?.occurredAt ?? null,
    riskScore: s?.riskScore ?? null,
    decision: s?.decision ?? null,
    modelVersion: s?.modelVersion ?? null,
    status: state.status,
    chargeback: state.chargeback,
    alertId: suspected?.type === 'FraudSuspected' ? suspected.data.alertId : null,
    version: events.length,
  });
}
