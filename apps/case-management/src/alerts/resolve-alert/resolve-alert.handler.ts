// Handles ResolveAlertCommand: load `alert-<id>`, decide, append with the expected version; returns the alert after it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { decideOnAlert } from '../alert-use-case.js';
import type { AlertView } from '../alert-view.js';
import { ResolveAlertCommand } from './resolve-alert.command.js';

@CommandHandler(ResolveAlertCommand)
export class ResolveAlertHandler implements ICommandHandler<ResolveAlertCommand, AlertView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ alertId, disposition, note, context }: ResolveAlertCommand): Promise<AlertView> {
    return decideOnAlert(this.store, alertId, { type: 'ResolveAlert', disposition, note }, context);
  }
}
