// The GraphQL edge of the alert use cases: validate input, hand the command to the CommandBus and
// return the alert as it is after the command.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { Disposition } from '#domain';
import type { ApiContext } from '../../auth/api-context.js';
import { RequireRole } from '../../auth/roles.js';
import { optionalVersion, requireId } from '../../graphql/validate-input.js';
import { Alert, DispositionEnum } from '../alert.model.js';
import { toAlert } from '../alert-mapping.js';
import type { AlertView } from '../alert-view.js';
import { AlertCommandRequest, type AlertIntent } from './alert-command.handler.js';

const versionArg = {
  type: () => Int,
  nullable: true,
  description: 'The alert version you read; a newer one makes the mutation fail with CONFLICT.',
} as const;

@Resolver(() => Alert)
export class AlertMutationsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  private async run(
    context: ApiContext,
    id: string,
    intent: AlertIntent,
    expectedVersion: number | null | undefined,
  ): Promise<Alert> {
    const alertId = requireId('id', id);
    const view = await this.commands.execute<AlertCommandRequest, AlertView>(
      new AlertCommandRequest(alertId, intent, {
        actor: context.actor!,
        correlationId: context.correlationId,
        expectedVersion: optionalVersion(expectedVersion),
      }),
    );
    return toAlert(view);
  }

  @Mutation(() => Alert, { description: 'Take an open alert for review (IN_REVIEW, assigned to you).' })
  claimAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'ClaimAlert' }, expectedVersion);
  }

  @Mutation(() => Alert, { description: 'Hand a claimed alert back to the queue (assignee or supervisor).' })
  unassignAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'UnassignAlert' }, expectedVersion);
  }

  @Mutation(() => Alert)
  addAlertNote(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String }) note: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'AddAlertNote', note }, expectedVersion);
  }

  @Mutation(() => Alert, { description: 'Ask for supervisor attention, with a reason.' })
  escalateAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'EscalateAlert', reason }, expectedVersion);
  }

  @Mutation(() => Alert, { description: 'Close a claimed alert with a disposition and a note.' })
  resolveAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('disposition', { type: () => DispositionEnum }) disposition: Disposition,
    @Args('note', { type: () => String }) note: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'ResolveAlert', disposition, note }, expectedVersion);
  }

  @RequireRole('supervisor')
  @Mutation(() => Alert, { description: 'Supervisor: put a resolved alert back in the queue.' })
  reopenAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    return this.run(context, id, { type: 'ReopenAlert', reason }, expectedVersion);
  }
}
