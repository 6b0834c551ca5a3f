// Handles AssignChallengerCommand through the registry's decider; returns the registry after the change.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { changeModelRegistry } from '../model-registry-use-case.js';
import type { RegistryView } from '../model-registry.view.js';
import { AssignChallengerCommand } from './assign-challenger.command.js';

@CommandHandler(AssignChallengerCommand)
export class AssignChallengerHandler implements ICommandHandler<AssignChallengerCommand, RegistryView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ version, reason, context }: AssignChallengerCommand): Promise<RegistryView> {
    return changeModelRegistry(
      this.store,
      (now) => ({ type: 'AssignChallenger', version, reason, actor: context.actor, now }),
      context,
    );
  }
}
