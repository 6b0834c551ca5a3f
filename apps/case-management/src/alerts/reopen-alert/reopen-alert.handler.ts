// Handles ReopenAlertCommand: load `alert-<id>`, decide, append with the expected version; returns the alert after it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { decideOnAlert } from '../alert-use-case.js';
import type { AlertView } from '../alert-view.js';
import { ReopenAlertCommand } from './reopen-alert.command.js';

@CommandHandler(ReopenAlertCommand)
export class ReopenAlertHandler implements ICommandHandler<ReopenAlertCommand, AlertView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ alertId, reason, context }: ReopenAlertCommand): Promise<AlertView> {
    return decideOnAlert(this.store, alertId, { type: 'ReopenAlert', reason }, context);
  }
}
