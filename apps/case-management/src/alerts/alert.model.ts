// The GraphQL shape of an alert, its timeline and notes, and the alerts connection. Timestamps are
// ISO-8601 strings (UTC).
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DISPOSITIONS, type AlertStatus, type Disposition } from '#domain';

export const ALERT_STATUSES = [
  'OPEN',
  'IN_REVIEW',
  'ESCALATED',
  'RESOLVED',
] as const satisfies readonly AlertStatus[];

export const AlertStatusEnum = Object.fromEntries(ALERT_STATUSES.map((s) => [s, s])) as {
  [K in AlertStatus]: K;
};
export const DispositionEnum = Object.fromEntries(DISPOSITIONS.map((d) => [d, d])) as {
  [K in Disposition]: K;
};
registerEnumType(AlertStatusEnum, { name: 'AlertStatus' });
registerEnumType(DispositionEnum, {
  name: 'Disposition',
  description: 'How an analyst resolved an alert; CONFIRMED_FRAUD and FALSE_POSITIVE are labels for tuning.',
});

@ObjectType({
  description:
    "One step of an alert, with who did it and when: the alert's own steps and its transaction's block, release and chargeback.",
})
export class TimelineEntry {
  @Field(() => String, { description: 'The stream the step is recorded on: alert-<id> or transaction-<id>.' })
  stream!: string;
  @Field(() => Int, { description: 'Version of that stream this step produced (1-based).' })
  version!: number;
  @Field(() => String, { description: 'Event type, e.g. AlertClaimed or TransactionBlocked.' })
  type!: string;
  @Field(() => String)
  at!: string;
  @Field(() => String)
  actorId!: string;
  @Field(() => String, { description: 'analyst, supervisor or system.' })
  actorRole!: string;
  @Field(() => String, { nullable: true })
  detail!: string | null;
}

@ObjectType()
export class AlertNote {
  @Field(() => String)
  author!: string;
  @Field(() => String)
  note!: string;
  @Field(() => String)
  at!: string;
}

@ObjectType({ description: 'A suspected transaction an analyst works: claim, review, resolve.' })
export class Alert {
  @Field(() => ID, { description: 'The alert id (the suspected transaction id).' })
  id!: string;
  @Field(() => AlertStatusEnum)
  status!: AlertStatus;
  @Field(() => String)
  transactionId!: string;
  @Field(() => String)
  customerId!: string;
  @Field(() => String)
  merchantId!: string;
  @Field(() => Float)
  riskScore!: number;
  @Field(() => String, { description: 'REVIEW or BLOCK (the scoring decision that raised it).' })
  decision!: string;
  @Field(() => Float)
  amount!: number;
  @Field(() => String)
  currency!: string;
  @Field(() => [String])
  reasons!: string[];
  @Field(() => String)
  raisedAt!: string;
  @Field(() => String, { nullable: true })
  assignee!: string | null;
  @Field(() => DispositionEnum, { nullable: true })
  disposition!: Disposition | null;
  @Field(() => Int, { description: 'Stream version: pass it back as expectedVersion.' })
  version!: number;
  @Field(() => String)
  updatedAt!: string;
  /** Set when the alert was built from its events; otherwise resolved from the timeline table. */
  timelineEntries?: TimelineEntry[];
  notesList?: AlertNote[];
}

@ObjectType()
export class AlertEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => Alert)
  node!: Alert;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class AlertConnection {
  @Field(() => [AlertEdge])
  edges!: AlertEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
