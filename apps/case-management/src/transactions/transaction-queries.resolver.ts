// Transaction queries: the list (transactions_enriched, newest first, keyset cursor) and one
// transaction (folded from its stream, exact). Also `Alert.transaction`.
import { Inject } from '@nestjs/common';
import {
  Args,
  Field,
  Float,
  ID,
  InputType,
  Int,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { transactionStreamId } from '#domain';
import type { EventStore } from '#eventstore';
import type pg from 'pg';
import { Alert } from '../alerts/alert.model.js';
import { decodeCursor, encodeCursor } from '../graphql/cursor.js';
import { EVENT_STORE, READ_POOL } from '../event-store/event-store.module.js';
import { pageSize, requireId } from '../graphql/validate-input.js';
import { Transaction, TransactionConnection } from './transaction.model.js';
import { transactionViewOf } from './transaction-view.js';

@InputType()
export class TransactionFilter {
  @Field(() => String, { nullable: true }) customerId?: string | null;
  @Field(() => String, { nullable: true, description: 'APPROVE, REVIEW or BLOCK.' }) decision?: string | null;
  @Field(() => Float, { nullable: true }) minScore?: number | null;
}

interface Row {
  transaction_id: string;
  customer_id: string | null;
  merchant_id: string | null;
  merchant_category: string | null;
  country: string | null;
  amount: string | null;
  currency: string | null;
  occurred_at: Date | null;
  risk_score: number | null;
  decision: string | null;
  model_version: string | null;
  status: string;
  chargeback: boolean;
  alert_id: string | null;
  stream_version: number;
}

const toTransaction = (row: Row): Transaction =>
  Object.assign(new Transaction(), {
    id: row.transaction_id,
    customerId: row.customer_id,
    merchantId: row.merchant_id,
    merchantCategory: row.merchant_category,
    country: row.country,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    occurredAt: row.occurred_at?.toISOString() ?? null,
    riskScore: row.risk_score,
    decision: row.decision,
    modelVersion: row.model_version,
    status: row.status.toUpperCase(),
    chargeback: row.chargeback,
    alertId: row.alert_id,
    version: row.stream_version,
  });

@Resolver(() => Transaction)
export class TransactionQueriesResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_POOL) private readonly pool: pg.Pool,
  ) {}

  @Query(() => TransactionConnection, { description: 'Transactions, newest first.' })
  async transactions(
    @Args('filter', { type: () => TransactionFilter, nullable: true }) filter?: TransactionFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<TransactionConnection> {
    const size = pageSize(first, 20, 100);
    const params: unknown[] = [];
    const where: string[] = ['occurred_at IS NOT NULL'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter?.customerId) where.push(`customer_id = ${param(filter.customerId)}`);
    if (filter?.decision) where.push(`decision = ${param(filter.decision.toUpperCase())}`);
    if (filter?.minScore !== null && filter?.minScore !== undefined)
      where.push(`risk_score >= ${param(filter.minScore)}`);
    if (after) {
      const [at, id] = decodeCursor(after);
      where.push(`(occurred_at, transaction_id) < (${param(at)}::timestamptz, ${param(id)})`);
    }
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM transactions_enriched WHERE ${where.join(' AND ')}
        ORDER BY occurred_at DESC, transaction_id DESC LIMIT ${param(size + 1)}`,
      params,
    );
    const page = rows.slice(0, size);
    const cursorOf = (row: Row) => encodeCursor(row.occurred_at!, row.transaction_id);
    return {
      edges: page.map((row) => ({ cursor: cursorOf(row), node: toTransaction(row) })),
      hasNextPage: rows.length > size,
      endCursor: page.length ? cursorOf(page.at(-1)!) : null,
    };
  }

  @Query(() => Transaction, { nullable: true })
  async transaction(@Args('id', { type: () => ID }) id: string): Promise<Transaction | null> {
    return transactionViewOf(await this.store.readStream(transactionStreamId(requireId('id', id)))) ?? null;
  }
}

@Resolver(() => Alert)
export class AlertTransactionResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ResolveField('transaction', () => Transaction, { nullable: true })
  async transaction(@Parent() alert: Alert): Promise<Transaction | null> {
    return transactionViewOf(await this.store.readStream(transactionStreamId(alert.transactionId))) ?? null;
  }
}
