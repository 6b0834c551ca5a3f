// What the alert use cases share (each has its own folder: command, handler, GraphQL resolver): the
// handler body (load `alert-<id>`, fold, decide, append with the expected version, fold the events
// just appended into the alert returned: read-your-own-writes) and the `expectedVersion` argument.
import { Int } from '@nestjs/graphql';
import { alertDecider, alertStreamId, type AlertCommand } from '#domain';
import type { EventStore } from '#eventstore';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import { ApiError } from '../graphql/api-error.js';
import { alertStateOf, alertViewOf, type AlertView } from './alert-view.js';

type Intent<C extends AlertCommand = AlertCommand> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;
/** What the caller wants done, without actor and time (added here). */
export type AlertIntent = Exclude<Intent, { type: 'RaiseAlert' }>;

export async function decideOnAlert(
  store: EventStore,
  alertId: string,
  intent: AlertIntent,
  context: CommandContext,
): Promise<AlertView> {
  const outcome = await executeCommand(
    store,
    alertStreamId(alertId),
    (history, now) => alertDecider.decide({ ...intent, actor: context.actor, now }, alertStateOf(history)),
    context,
  );
  const view = alertViewOf(outcome.events);
  if (!view) throw new ApiError('NOT_FOUND', `No alert ${alertId}: check the alert id`);
  return view;
}

export const alertVersionArg = {
  type: () => Int,
  nullable: true,
  description: 'The alert version you read; a newer one makes the mutation fail with CONFLICT.',
} as const;
