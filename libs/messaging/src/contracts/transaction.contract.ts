// `transaction.v1`: the message on the `transactions` topic, and the body `POST /transactions`
// accepts (the same fields without the `schema` tag). Ingest validates with it; scoring decodes with it.
import { CHANNELS, type Transaction } from '#domain';
import { z } from 'zod';
import { amount, countryCode, currencyCode, identifier, instant } from './fields.js';

export const TRANSACTION_SCHEMA = 'transaction.v1';

/** The fields of a transaction; unknown fields are rejected. */
export const transactionFields = z.strictObject({
  transactionId: identifier('the client-chosen idempotency key'),
  customerId: identifier('the customer'),
  merchantId: identifier('the merchant'),
  merchantCategory: z
    .string({ message: 'must be a string, e.g. "grocery"' })
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters'),
  country: countryCode,
  amount,
  currency: currencyCode,
  occurredAt: instant,
  channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }).optional(),
  device: z
    .string({ message: 'must be a string' })
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .optional(),
});

export const transactionMessage = transactionFields.extend({ schema: z.literal(TRANSACTION_SCHEMA) });
export type TransactionMessage = z.infer<typeof transactionMessage>;

export function toTransactionMessage(transaction: Transaction): TransactionMessage {
  return { schema: TRANSACTION_SCHEMA, ...transaction };
}

/** The `Transaction` a message carries (without its schema tag). */
export function fromTransactionMessage(message: TransactionMessage): Transaction {
  const { schema: _schema, ...transaction } = message;
  return transaction;
}
