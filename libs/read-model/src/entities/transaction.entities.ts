// Entities of the transaction-centred read tables (projection `transactions` and the labels).
// See docs/PROJECTIONS.md for what each column means; migrations own the schema.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { money, nullableMoney } from './columns.js';

export type TransactionReadStatus = 'received' | 'approved' | 'in_review' | 'blocked' | 'released';

export interface ReasonRow {
  readonly feature: string;
  readonly description: string;
  readonly contribution: number;
}

@Entity({ name: 'transactions_enriched' })
export class TransactionEnriched {
  @PrimaryColumn({ name: 'transaction_id', type: 'text' }) transactionId!: string;
  @Column({ name: 'customer_id', type: 'text', nullable: true }) customerId!: string | null;
  @Column({ name: 'merchant_id', type: 'text', nullable: true }) merchantId!: string | null;
  @Column({ name: 'merchant_category', type: 'text', nullable: true }) merchantCategory!: string | null;
  @Column({ name: 'country', type: 'text', nullable: true }) country!: string | null;
  @Column({ name: 'amount', ...nullableMoney }) amount!: number | null;
  @Column({ name: 'currency', type: 'text', nullable: true }) currency!: string | null;
  @Column({ name: 'channel', type: 'text', nullable: true }) channel!: string | null;
  @Column({ name: 'device', type: 'text', nullable: true }) device!: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt!: Date | null;
  @Column({ name: 'risk_score', type: 'double precision', nullable: true }) riskScore!: number | null;
  @Column({ name: 'decision', type: 'text', nullable: true }) decision!:
    'APPROVE' | 'REVIEW' | 'BLOCK' | null;
  @Column({ name: 'model_version', type: 'text', nullable: true }) modelVersion!: string | null;
  @Column({ name: 'policy_version', type: 'integer', nullable: true }) policyVersion!: number | null;
  @Column({ name: 'review_threshold', type: 'double precision', nullable: true }) reviewThreshold!:
    number | null;
  @Column({ name: 'block_threshold', type: 'double precision', nullable: true }) blockThreshold!:
    number | null;
  @Column({ name: 'customer_blocked', type: 'boolean', nullable: true }) customerBlocked!: boolean | null;
  @Column({ name: 'reasons', type: 'jsonb' }) reasons!: ReasonRow[];
  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true }) scoredAt!: Date | null;
  /** The challenger's opinion (TransactionShadowScored), never acted on; null without a challenger. */
  @Column({ name: 'shadow_model_version', type: 'text', nullable: true }) shadowModelVersion!: string | null;
  @Column({ name: 'shadow_risk_score', type: 'double precision', nullable: true }) shadowRiskScore!:
    number | null;
  @Column({ name: 'shadow_decision', type: 'text', nullable: true }) shadowDecision!:
    'APPROVE' | 'REVIEW' | 'BLOCK' | null;
  @Column({ name: 'status', type: 'text' }) status!: TransactionReadStatus;
  @Column({ name: 'status_changed_by', type: 'text', nullable: true }) statusChangedBy!: string | null;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason!: string | null;
  @Column({ name: 'alert_id', type: 'text', nullable: true }) alertId!: string | null;
  @Column({ name: 'chargeback', type: 'boolean' }) chargeback!: boolean;
  @Column({ name: 'chargeback_at', type: 'timestamptz', nullable: true }) chargebackAt!: Date | null;
  @Column({ name: 'disposition', type: 'text', nullable: true }) disposition!: string | null;
  @Column({ name: 'disposition_at', type: 'timestamptz', nullable: true }) dispositionAt!: Date | null;
  @Column({ name: 'label', type: 'text', nullable: true }) label!: 'fraud' | 'legit' | null;
  @Column({ name: 'stream_version', type: 'integer' }) streamVersion!: number;
  @Column({ name: 'alert_version', type: 'integer' }) alertVersion!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'labels' })
export class LabelRow {
  @PrimaryColumn({ name: 'transaction_id', type: 'text' }) transactionId!: string;
  @Column({ name: 'customer_id', type: 'text', nullable: true }) customerId!: string | null;
  @Column({ name: 'amount', ...nullableMoney }) amount!: number | null;
  @Column({ name: 'risk_score', type: 'double precision', nullable: true }) riskScore!: number | null;
  @Column({ name: 'decision', type: 'text', nullable: true }) decision!: string | null;
  @Column({ name: 'model_version', type: 'text', nullable: true }) modelVersion!: string | null;
  @Column({ name: 'source', type: 'text' }) source!: 'disposition' | 'chargeback';
  @Column({ name: 'is_fraud', type: 'boolean' }) isFraud!: boolean;
  @Column({ name: 'labelled_at', type: 'timestamptz' }) labelledAt!: Date;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
}

/** Counters shared by the per-minute statistics and the merchant / country / customer aggregates. */
export abstract class RiskCounters {
  @Column({ name: 'transactions', type: 'integer' }) transactions!: number;
  @Column({ name: 'suspected', type: 'integer' }) suspected!: number;
  @Column({ name: 'blocked', type: 'integer' }) blocked!: number;
  @Column({ name: 'chargebacks', type: 'integer' }) chargebacks!: number;
  @Column({ name: 'confirmed_fraud', type: 'integer' }) confirmedFraud!: number;
  @Column({ name: 'false_positives', type: 'integer' }) falsePositives!: number;
  @Column({ name: 'amount_total', ...money }) amountTotal!: number;
  @Column({ name: 'amount_suspected', ...money }) amountSuspected!: number;
  @Column({ name: 'amount_blocked', ...money }) amountBlocked!: number;
  @Column({ name: 'amount_fraud', ...money }) amountFraud!: number;
  @Column({ name: 'exposure', ...money }) exposure!: number;
}

@Entity({ name: 'fraud_stats_minute' })
export class FraudStatsMinute extends RiskCounters {
  @PrimaryColumn({ name: 'minute', type: 'timestamptz' }) minute!: Date;
  @Column({ name: 'scored', type: 'integer' }) scored!: number;
  @Column({ name: 'released', type: 'integer' }) released!: number;
}

@Entity({ name: 'score_histogram' })
export class ScoreHistogramBin {
  @PrimaryColumn({
    name: 'bin_width',
    type: 'numeric',
    precision: 4,
    scale: 2,
    transformer: { to: (v: number) => v, from: Number },
  })
  binWidth!: number;
  @PrimaryColumn({ name: 'bin', type: 'integer' }) bin!: number;
  @Column({ name: 'lower_bound', type: 'double precision' }) lowerBound!: number;
  @Column({ name: 'upper_bound', type: 'double precision' }) upperBound!: number;
  @Column({ name: 'transactions', type: 'integer' }) transactions!: number;
  @Column({ name: 'confirmed_fraud', type: 'integer' }) confirmedFraud!: number;
  @Column({ name: 'false_positives', type: 'integer' }) falsePositives!: number;
}

@Entity({ name: 'merchant_risk' })
export class MerchantRisk extends RiskCounters {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
}

@Entity({ name: 'country_risk' })
export class CountryRisk extends RiskCounters {
  @PrimaryColumn({ name: 'country_id', type: 'text' }) countryId!: string;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
}

@Entity({ name: 'customer_risk' })
export class CustomerRisk extends RiskCounters {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
}
