// Bytes from the bus -> valid transactions, and dead letters for what cannot be decoded or
// validated. Never throws on bad input: a poison message must not stall its partition.
import type { Transaction } from '#domain';
import {
  type BusMessage,
  type Chargeback,
  chargebackMessage,
  type DeadLetter,
  decodeMessage,
  fromTransactionMessage,
  transactionMessage,
} from '#messaging';

export interface Decoded<T> {
  /** Valid items with the message they came from, in offset order, duplicates dropped. */
  readonly items: { readonly value: T; readonly message: BusMessage }[];
  readonly deadLetters: DeadLetter[];
}

const invalid = (message: BusMessage, reason: string, what: string): DeadLetter => ({
  original: message,
  error: {
    message: `${what} rejected: ${reason}. Fix the producer to send a valid message; this one is kept here and was not scored.`,
    code: 'INVALID_MESSAGE',
    retriable: false,
  },
});

/**
 * A transaction id seen twice in one batch is a redelivery (the store would refuse one stream twice
 * in one append): the first occurrence is scored, the repeat is idempotent anyway.
 */
export function decodeTransactions(messages: readonly BusMessage[]): Decoded<Transaction> {
  const items: Decoded<Transaction>['items'] = [];
  const deadLetters: DeadLetter[] = [];
  const seen = new Set<string>();
  for (const message of messages) {
    const decoded = decodeMessage(transactionMessage, message.value);
    if (!decoded.ok) {
      deadLetters.push(invalid(message, decoded.reason, 'transaction.v1 message'));
      continue;
    }
    const transaction = fromTransactionMessage(decoded.message);
    if (seen.has(transaction.transactionId)) continue;
    seen.add(transaction.transactionId);
    items.push({ value: transaction, message });
  }
  return { items, deadLetters };
}

export function decodeChargebacks(messages: readonly BusMessage[]): Decoded<Chargeback> {
  const items: Decoded<Chargeback>['items'] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    const decoded = decodeMessage(chargebackMessage, message.value);
    if (!decoded.ok) {
      deadLetters.push(invalid(message, decoded.reason, 'chargeback.v1 message'));
      continue;
    }
    const { schema: _schema, ...chargeback } = decoded.message;
    items.push({ value: chargeback, message });
  }
  return { items, deadLetters };
}
