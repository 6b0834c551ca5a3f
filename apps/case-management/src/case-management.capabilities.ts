// The API's capabilities other than alerts: transactions, customers, risk policy, dashboard, tuning, me.
import { Module } from '@nestjs/common';
import { DashboardResolver } from './analytics/dashboard.resolver.js';
import { TuningResolver } from './analytics/tuning.resolver.js';
import { MeResolver } from './auth/me.resolver.js';
import { CustomerCommandHandler, CustomerMutationsResolver } from './customers/customer-commands.js';
import { RiskPolicyResolver, SetRiskThresholdsHandler } from './risk-policy/risk-policy.js';
import {
  TransactionCommandHandler,
  TransactionMutationsResolver,
} from './transactions/transaction-commands.js';
import {
  AlertTransactionResolver,
  TransactionQueriesResolver,
} from './transactions/transaction-queries.resolver.js';

@Module({
  providers: [
    TransactionCommandHandler,
    TransactionMutationsResolver,
    TransactionQueriesResolver,
    AlertTransactionResolver,
    CustomerCommandHandler,
    CustomerMutationsResolver,
    SetRiskThresholdsHandler,
    RiskPolicyResolver,
    DashboardResolver,
    TuningResolver,
    MeResolver,
  ],
})
export class CapabilitiesModule {}
