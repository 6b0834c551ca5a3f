// One alert (`alert`, folded from its stream, so it is never behind the last command) and the
// `timeline` and `notes` of any Alert: they come with an alert built from events, else from its
// stream (an alert from the `alerts` list), so the list costs nothing until they are asked for.
import { Inject } from '@nestjs/common';
import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { alertStreamId, transactionStreamId } from '#domain';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { requireId } from '../../graphql/validate-input.js';
import { Alert, AlertNote, TimelineEntry } from '../alert.model.js';
import { toAlert } from '../alert-mapping.js';
import { mergeTimelines, transactionSteps } from '../alert-timeline.js';
import { alertViewOf } from '../alert-view.js';

@Resolver(() => Alert)
export class GetAlertResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Query(() => Alert, { nullable: true })
  async alert(@Args('id', { type: () => ID }) id: string): Promise<Alert | null> {
    const view = alertViewOf(await this.store.readStream(alertStreamId(requireId('id', id))));
    return view ? toAlert(view) : null;
  }

  private async withHistory(alert: Alert): Promise<Alert> {
    if (alert.timelineEntries && alert.notesList) return alert;
    const view = alertViewOf(await this.store.readStream(alertStreamId(alert.id)));
    return view ? toAlert(view) : { ...alert, timelineEntries: [], notesList: [] };
  }

  @ResolveField('timeline', () => [TimelineEntry], {
    description:
      "Every step, oldest first: the alert's own and its transaction's block / release / chargeback.",
  })
  async timeline(@Parent() alert: Alert): Promise<TimelineEntry[]> {
    const streamId = transactionStreamId(alert.transactionId);
    const [withHistory, transactionEvents] = await Promise.all([
      this.withHistory(alert),
      this.store.readStream(streamId),
    ]);
    return mergeTimelines(withHistory.timelineEntries ?? [], transactionSteps(streamId, transactionEvents));
  }

  @ResolveField('notes', () => [AlertNote])
  async notes(@Parent() alert: Alert): Promise<AlertNote[]> {
    return (await this.withHistory(alert)).notesList ?? [];
  }
}
