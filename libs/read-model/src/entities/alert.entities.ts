// Entities of the alert queue, its audit timeline, the blocklist, the risk policy and the
// projection checkpoints. See docs/PROJECTIONS.md; migrations own the schema.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { money } from './columns.js';

@Entity({ name: 'fraud_alerts' })
export class FraudAlert {
  @PrimaryColumn({ name: 'alert_id', type: 'text' }) alertId!: string;
  @Column({ name: 'transaction_id', type: 'text' }) transactionId!: string;
  @Column({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'amount', ...money }) amount!: number;
  @Column({ name: 'currency', type: 'text' }) currency!: string;
  @Column({ name: 'risk_score', type: 'double precision' }) riskScore!: number;
  @Column({ name: 'decision', type: 'text' }) decision!: 'REVIEW' | 'BLOCK';
  @Column({ name: 'reasons', type: 'jsonb' }) reasons!: string[];
  @Column({ name: 'status', type: 'text' }) status!: 'OPEN' | 'IN_REVIEW' | 'ESCALATED' | 'RESOLVED';
  @Column({ name: 'assignee', type: 'text', nullable: true }) assignee!: string | null;
  @Column({ name: 'disposition', type: 'text', nullable: true }) disposition!: string | null;
  @Column({ name: 'resolution_note', type: 'text', nullable: true }) resolutionNote!: string | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'escalation_reason', type: 'text', nullable: true }) escalationReason!: string | null;
  @Column({ name: 'note_count', type: 'integer' }) noteCount!: number;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt!: Date | null;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'expected_loss', ...money }) expectedLoss!: number;
  @Column({ name: 'version', type: 'integer' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'alert_timeline' })
export class AlertTimelineEntry {
  @PrimaryColumn({ name: 'alert_id', type: 'text' }) alertId!: string;
  @PrimaryColumn({ name: 'version', type: 'integer' }) version!: number;
  @Column({ name: 'type', type: 'text' }) type!: string;
  @Column({ name: 'actor_id', type: 'text' }) actorId!: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ name: 'at', type: 'timestamptz' }) at!: Date;
  @Column({ name: 'details', type: 'jsonb' }) details!: Record<string, unknown>;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
}

@Entity({ name: 'customer_blocklist' })
export class CustomerBlocklistEntry {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ name: 'blocked', type: 'boolean' }) blocked!: boolean;
  @Column({ name: 'reason', type: 'text' }) reason!: string;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  @Column({ name: 'version', type: 'integer' }) version!: number;
}

@Entity({ name: 'risk_policy' })
export class RiskPolicyRow {
  @PrimaryColumn({ name: 'id', type: 'text' }) id!: 'current';
  @Column({ name: 'version', type: 'integer' }) version!: number;
  @Column({ name: 'review_threshold', type: 'double precision' }) reviewThreshold!: number;
  @Column({ name: 'block_threshold', type: 'double precision' }) blockThreshold!: number;
  @Column({ name: 'reason', type: 'text' }) reason!: string;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
}

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'checkpoint', type: 'text', nullable: true }) checkpoint!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'events_applied', type: 'bigint' }) eventsApplied!: string;
  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true }) lastEventAt!: Date | null;
  @Column({ name: 'failed_event', type: 'jsonb', nullable: true }) failedEvent!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'error', type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true }) failedAt!: Date | null;
}
