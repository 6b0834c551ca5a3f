// The API's capabilities other than alerts: transactions, customers, risk policy, model registry,
// dashboard, tuning, me. Use cases with a command live in a folder each and export their providers.
import { Module } from '@nestjs/common';
import { DashboardResolver } from './analytics/dashboard.resolver.js';
import { TuningResolver } from './analytics/tuning.resolver.js';
import { MeResolver } from './auth/me.resolver.js';
import { blockCustomer } from './customers/block-customer/index.js';
import { unblockCustomer } from './customers/unblock-customer/index.js';
import { modelRegistryProviders } from './model-registry/index.js';
import { RiskPolicyResolver } from './risk-policy/risk-policy.resolver.js';
import { setRiskThresholds } from './risk-policy/set-risk-thresholds/index.js';
import { blockTransaction } from './transactions/block-transaction/index.js';
import { releaseTransaction } from './transactions/release-transaction/index.js';
import {
  AlertTransactionResolver,
  TransactionQueriesResolver,
} from './transactions/transaction-queries.resolver.js';

@Module({
  providers: [
    TransactionQueriesResolver,
    AlertTransactionResolver,
    ...blockTransaction,
    ...releaseTransaction,
    ...blockCustomer,
    ...unblockCustomer,
    RiskPolicyResolver,
    ...setRiskThresholds,
    ...modelRegistryProviders,
    DashboardResolver,
    TuningResolver,
    MeResolver,
  ],
})
export class CapabilitiesModule {}
