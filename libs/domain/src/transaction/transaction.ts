// A card-payment transaction as the business knows it: what ingest accepts, what the simulator
// produces, what features are computed from and what `TransactionReceived` records.

export const CHANNELS = ['card_present', 'ecommerce', 'mobile', 'atm'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Transaction {
  /** Client-chosen, unique: the idempotency key of the whole pipeline. */
  readonly transactionId: string;
  readonly customerId: string;
  readonly merchantId: string;
  /** Merchant category, e.g. "grocery", "electronics" (ISO 18245 MCC names or codes). */
  readonly merchantCategory: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  /** Positive decimal amount in `currency` major units. */
  readonly amount: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** ISO 8601 instant when the payment happened. */
  readonly occurredAt: string;
  readonly channel?: Channel;
  /** Device fingerprint or id, when the channel has one. */
  readonly device?: string;
}

export type Decision = 'APPROVE' | 'REVIEW' | 'BLOCK';
