// What the customer use cases share (block-customer/, unblock-customer/): load `customer-<id>`,
// decide, append with the expected version; the answer is the blocklist state after the command. A
// blocked customer's transactions are BLOCK whatever their score.
import { Int } from '@nestjs/graphql';
import { customerDecider, customerStreamId, fold, type CustomerEvent } from '#domain';
import type { EventStore } from '#eventstore';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import type { CustomerStatus } from './customer-status.model.js';

export async function decideOnCustomer(
  store: EventStore,
  customerId: string,
  intent: { readonly type: 'BlockCustomer' | 'UnblockCustomer'; readonly reason: string },
  context: CommandContext,
): Promise<CustomerStatus> {
  const outcome = await executeCommand(
    store,
    customerStreamId(customerId),
    (history, now) =>
      customerDecider.decide(
        { ...intent, customerId, actor: context.actor, now },
        fold(customerDecider, history as unknown as CustomerEvent[]),
      ),
    context,
  );
  const last = outcome.events.at(-1) as unknown as CustomerEvent;
  return {
    customerId,
    blocked: last.type === 'CustomerBlocked',
    reason: last.data.reason,
    changedBy: last.data.by,
    changedAt: last.data.at,
    version: outcome.version,
  };
}

export const customerVersionArg = { type: () => Int, nullable: true } as const;
