// `decision.v1`: one message per scored transaction on `fraud-decisions`, for payment systems.
import { z } from 'zod';
import { identifier, instant } from './fields.js';

export const DECISION_SCHEMA = 'decision.v1';

export const decisionFields = z.strictObject({
  transactionId: identifier('the scored transaction'),
  customerId: identifier('the customer'),
  decision: z.enum(['APPROVE', 'REVIEW', 'BLOCK'], { message: 'must be APPROVE, REVIEW or BLOCK' }),
  riskScore: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  modelVersion: z.string().min(1),
  policyVersion: z.union([z.string().min(1), z.number().int().nonnegative()]),
  reasons: z.array(z.string()),
  decidedAt: instant,
});
export type FraudDecision = z.infer<typeof decisionFields>;

export const decisionMessage = decisionFields.extend({ schema: z.literal(DECISION_SCHEMA) });
export type DecisionMessage = z.infer<typeof decisionMessage>;

export function toDecisionMessage(decision: FraudDecision): DecisionMessage {
  return { schema: DECISION_SCHEMA, ...decision };
}
