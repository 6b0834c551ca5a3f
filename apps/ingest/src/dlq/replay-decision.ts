// What to do with one dead-lettered message when replaying the DLQ: a message that is a valid
// transaction today (the rule or bug that rejected it has since been fixed) goes back onto the
// `transactions` topic with its original key; one that is still invalid stays parked, with the
// reason it fails today. Pure, so the rules are unit-tested apart from Kafka.
import { decodeMessage, transactionMessage } from '#messaging';

export type ReplayDecision =
  | { readonly action: 'replay'; readonly key: string | null; readonly value: Buffer }
  | { readonly action: 'park'; readonly reason: string };

export interface DeadLetteredMessage {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export function decideReplay(message: DeadLetteredMessage): ReplayDecision {
  const decoded = decodeMessage(transactionMessage, message.value);
  if (!decoded.ok) return { action: 'park', reason: decoded.reason };
  // Kafka keys transactions by customer: restore it when the original message had none.
  return { action: 'replay', key: message.key ?? decoded.message.customerId, value: message.value };
}
