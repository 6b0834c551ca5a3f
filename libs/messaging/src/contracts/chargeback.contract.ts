// `chargeback.v1`: a customer's late fraud report for an earlier transaction, on `chargebacks`;
// also the body of `POST /chargebacks` (without the `schema` tag).
import { z } from 'zod';
import { amount, identifier, instant } from './fields.js';

export const CHARGEBACK_SCHEMA = 'chargeback.v1';

export const chargebackFields = z.strictObject({
  transactionId: identifier('the reported transaction'),
  customerId: identifier('the customer who reports'),
  reportedAt: instant,
  reason: z.string({ message: 'must be a string' }).min(1, 'must not be empty').max(256).optional(),
  amount: amount.optional(),
});
export type Chargeback = z.infer<typeof chargebackFields>;

export const chargebackMessage = chargebackFields.extend({ schema: z.literal(CHARGEBACK_SCHEMA) });
export type ChargebackMessage = z.infer<typeof chargebackMessage>;

export function toChargebackMessage(chargeback: Chargeback): ChargebackMessage {
  return { schema: CHARGEBACK_SCHEMA, ...chargeback };
}
