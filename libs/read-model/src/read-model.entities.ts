// Every read-model entity, for a TypeORM DataSource (`entities: readModelEntities`).
import {
  AlertTimelineEntry,
  CustomerBlocklistEntry,
  FraudAlert,
  ProjectionCheckpoint,
  RiskPolicyRow,
} from './entities/alert.entities.js';
import {
  CountryRisk,
  CustomerRisk,
  FraudStatsMinute,
  LabelRow,
  MerchantRisk,
  ScoreHistogramBin,
  TransactionEnriched,
} from './entities/transaction.entities.js';

export const readModelEntities = [
  TransactionEnriched,
  FraudAlert,
  AlertTimelineEntry,
  FraudStatsMinute,
  ScoreHistogramBin,
  MerchantRisk,
  CountryRisk,
  CustomerRisk,
  LabelRow,
  CustomerBlocklistEntry,
  RiskPolicyRow,
  ProjectionCheckpoint,
];
