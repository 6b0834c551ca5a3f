// Every alert use case (claim, unassign, note, escalate, resolve, reopen) goes through the
// CommandBus as an AlertCommandRequest: load `alert-<id>`, fold, decide, append with the expected
// version, and return the alert folded from the events just appended (read-your-own-writes).
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { alertDecider, alertStreamId, type AlertCommand, type Person } from '#domain';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { executeCommand, type CommandContext } from '../../event-store/execute-command.js';
import { ApiError } from '../../graphql/api-error.js';
import { alertStateOf, alertViewOf, type AlertView } from '../alert-view.js';

type Intent<C extends AlertCommand = AlertCommand> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;
/** What the caller wants done, without actor and time (the handler adds them). */
export type AlertIntent = Exclude<Intent, { type: 'RaiseAlert' }>;

export class AlertCommandRequest {
  constructor(
    readonly alertId: string,
    readonly intent: AlertIntent,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(AlertCommandRequest)
export class AlertCommandHandler implements ICommandHandler<AlertCommandRequest, AlertView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ alertId, intent, context }: AlertCommandRequest): Promise<AlertView> {
    const outcome = await executeCommand(
      this.store,
      alertStreamId(alertId),
      (history, now) => {
        const actor: Person = context.actor;
        const command = { ...intent, actor, now } as AlertCommand;
        return alertDecider.decide(command, alertStateOf(history));
      },
      context,
    );
    const view = alertViewOf(outcome.events);
    if (!view) throw new ApiError('NOT_FOUND', `No alert ${alertId}: check the alert id`);
    return view;
  }
}
