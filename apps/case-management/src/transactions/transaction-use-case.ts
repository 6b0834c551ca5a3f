// What the transaction use cases share (block-transaction/, release-transaction/): load
// `transaction-<id>`, decide with the transaction decider, append with the expected version, and
// return the transaction folded from the events read plus those appended (read-your-own-writes).
import { Int } from '@nestjs/graphql';
import { transactionDecider, transactionStreamId } from '#domain';
import type { EventStore } from '#eventstore';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import { ApiError } from '../graphql/api-error.js';
import type { Transaction } from './transaction.model.js';
import { transactionStateOf, transactionViewOf } from './transaction-view.js';

export async function decideOnTransaction(
  store: EventStore,
  transactionId: string,
  intent: { readonly type: 'BlockTransaction' | 'ReleaseTransaction'; readonly reason: string },
  context: CommandContext,
): Promise<Transaction> {
  const outcome = await executeCommand(
    store,
    transactionStreamId(transactionId),
    (history, now) =>
      transactionDecider.decide({ ...intent, actor: context.actor, now }, transactionStateOf(history)),
    context,
  );
  const view = transactionViewOf(outcome.events);
  if (!view) throw new ApiError('NOT_FOUND', `No transaction ${transactionId}: check the id`);
  return view;
}

export const transactionVersionArg = { type: () => Int, nullable: true } as const;
