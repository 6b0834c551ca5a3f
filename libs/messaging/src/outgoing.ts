// What each publish call puts on its topic: key, bytes and headers. Shared by both adapters so they
// cannot drift apart.
import type { Transaction } from '#domain';
import { type Chargeback, toChargebackMessage } from './contracts/chargeback.contract.js';
import { encodeMessage } from './contracts/codec.js';
import { type FraudDecision, toDecisionMessage } from './contracts/decision.contract.js';
import { toTransactionMessage } from './contracts/transaction.contract.js';
import { DLQ_HEADERS } from './topics.js';
import type { DeadLetter } from './transaction-bus.port.js';

export interface OutgoingRecord {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

export const transactionRecords = (transactions: readonly Transaction[]): OutgoingRecord[] =>
  transactions.map((transaction) => ({
    key: transaction.customerId,
    value: encodeMessage(toTransactionMessage(transaction)),
    headers: { schema: 'transaction.v1' },
  }));

export const chargebackRecords = (chargebacks: readonly Chargeback[]): OutgoingRecord[] =>
  chargebacks.map((chargeback) => ({
    key: chargeback.customerId,
    value: encodeMessage(toChargebackMessage(chargeback)),
    headers: { schema: 'chargeback.v1' },
  }));

export const decisionRecords = (decisions: readonly FraudDecision[]): OutgoingRecord[] =>
  decisions.map((decision) => ({
    key: decision.customerId,
    value: encodeMessage(toDecisionMessage(decision)),
    headers: { schema: 'decision.v1' },
  }));

export const deadLetterRecords = (deadLetters: readonly DeadLetter[]): OutgoingRecord[] =>
  deadLetters.map(({ original, error }) => {
    const headers: Record<string, string> = { ...original.headers, [DLQ_HEADERS.error]: error.message };
    if (error.code !== undefined) headers[DLQ_HEADERS.errorCode] = error.code;
    if (error.retriable !== undefined) headers[DLQ_HEADERS.retriable] = String(error.retriable);
    if (original.topic !== undefined) headers[DLQ_HEADERS.sourceTopic] = original.topic;
    if (original.partition !== undefined) headers[DLQ_HEADERS.sourcePartition] = String(original.partition);
    if (original.offset !== undefined) headers[DLQ_HEADERS.sourceOffset] = original.offset;
    return { key: original.key, value: original.value, headers };
  });
