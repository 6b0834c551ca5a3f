// The intake endpoints: one transaction, a batch, a chargeback. Each validates the whole body against
// the message contract first (every wrong, missing or unknown field named), then answers 202 once
// the messages are on the bus. A batch is all or nothing.
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  chargebackFields,
  fieldProblems,
  TRANSACTION_BUS,
  type TransactionBus,
  transactionFields,
} from '#messaging';
import { ApiError } from '../http/api-error.js';
import { IntakeMetrics } from './intake.metrics.js';

export const MAX_BATCH = 1_000;

const batchBody = z.strictObject({
  transactions: z
    .array(transactionFields, { message: 'must be an array of transactions' })
    .min(1, 'must hold at least one transaction'),
});

@Controller()
export class IntakeController {
  constructor(
    @Inject(TRANSACTION_BUS) private readonly bus: TransactionBus,
    @Inject(IntakeMetrics) private readonly metrics: IntakeMetrics,
  ) {}

  @Post('transactions')
  @HttpCode(202)
  async receiveTransaction(@Body() body: unknown): Promise<{ accepted: number; transactionId: string }> {
    const transaction = this.parse(transactionFields, body, 'transaction');
    await this.bus.publishTransactions([transaction]);
    this.metrics.accepted.inc({ kind: 'transaction' });
    return { accepted: 1, transactionId: transaction.transactionId };
  }

  @Post('transactions/batch')
  @HttpCode(202)
  async receiveBatch(@Body() body: unknown): Promise<{ accepted: number }> {
    // Checked before the items so an oversized batch costs no per-item validation.
    const count = isObject(body) && Array.isArray(body.transactions) ? body.transactions.length : 0;
    if (count > MAX_BATCH) {
      this.metrics.rejected.inc({ kind: 'batch', reason: 'batch_too_large' });
      throw new ApiError(
        'BAD_REQUEST',
        `A batch holds at most ${MAX_BATCH} transactions, got ${count}: split it.`,
        [{ field: 'transactions', problem: `must hold at most ${MAX_BATCH} transactions` }],
      );
    }
    const { transactions } = this.parse(batchBody, body, 'batch');
    await this.bus.publishTransactions(transactions);
    this.metrics.accepted.inc({ kind: 'transaction' }, transactions.length);
    return { accepted: transactions.length };
  }

  @Post('chargebacks')
  @HttpCode(202)
  async reportChargeback(@Body() body: unknown): Promise<{ accepted: number; transactionId: string }> {
    const chargeback = this.parse(chargebackFields, body, 'chargeback');
    await this.bus.publishChargebacks([chargeback]);
    this.metrics.accepted.inc({ kind: 'chargeback' });
    return { accepted: 1, transactionId: chargeback.transactionId };
  }

  private parse<Schema extends z.ZodType>(schema: Schema, body: unknown, what: string): z.infer<Schema> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    this.metrics.rejected.inc({ kind: what, reason: 'invalid' });
    throw ApiError.invalid(what, fieldProblems(result.error));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
