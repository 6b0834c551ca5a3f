// Every GraphQL document the console sends, written against apps/case-management/schema.gql, with
// the shapes it gets back. One file, so a schema change is one edit (and the browser tests catch it).

export type AlertStatus = 'OPEN' | 'IN_REVIEW' | 'ESCALATED' | 'RESOLVED';
export type Disposition = 'CONFIRMED_FRAUD' | 'FALSE_POSITIVE' | 'INCONCLUSIVE';

export interface AlertSummary {
  id: string;
  status: AlertStatus;
  riskScore: number;
  amount: number;
  currency: string;
  customerId: string;
  merchantId: string;
  assignee: string | null;
  decision: string;
  disposition: Disposition | null;
  raisedAt: string;
  updatedAt: string;
  version: number;
}

export interface TimelineEntry {
  version: number;
  type: string;
  actorId: string;
  actorRole: string;
  at: string;
  detail: string | null;
}

export interface TransactionRow {
  id: string;
  alertId: string | null;
  customerId: string | null;
  merchantId: string | null;
  merchantCategory: string | null;
  country: string | null;
  amount: number | null;
  currency: string | null;
  riskScore: number | null;
  decision: string | null;
  status: string;
  occurredAt: string | null;
  chargeback: boolean;
  version: number;
}

export interface AlertDetail extends AlertSummary {
  reasons: string[];
  transactionId: string;
  timeline: TimelineEntry[];
  notes: { at: string; author: string; note: string }[];
  transaction: TransactionRow | null;
}

export interface RiskPolicy {
  reviewThreshold: number;
  blockThreshold: number;
  version: number;
  changedAt: string | null;
  changedBy: string | null;
  reason: string | null;
}

export interface RiskAggregate {
  id: string;
  transactions: number;
  suspected: number;
  confirmedFraud: number;
  blocked: number;
  chargebacks: number;
  fraudRate: number;
  exposure: number;
}

const ALERT_SUMMARY =
  'id status riskScore amount currency customerId merchantId assignee decision disposition raisedAt updatedAt version';
const TRANSACTION_ROW =
  'id alertId customerId merchantId merchantCategory country amount currency riskScore decision status occurredAt chargeback version';
const ALERT_DETAIL = `${ALERT_SUMMARY} reasons transactionId
  timeline { version type actorId actorRole at detail } notes { at author note }
  transaction { ${TRANSACTION_ROW} }`;
const POLICY = 'reviewThreshold blockThreshold version changedAt changedBy reason';
const AGGREGATE = 'id transactions suspected confirmedFraud blocked chargebacks fraudRate exposure';

export const ME = 'query Me { me { id role } }';

export const ALERTS = `query Alerts($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    edges { node { ${ALERT_SUMMARY} } } pageInfo { endCursor hasNextPage }
  }
}`;

export const ALERT = `query Alert($id: ID!) { alert(id: $id) { ${ALERT_DETAIL} } }`;

export const CUSTOMER_TRANSACTIONS = `query CustomerTransactions($customerId: String!) {
  transactions(filter: { customerId: $customerId }, first: 10) { edges { node { ${TRANSACTION_ROW} } } }
}`;

export const HIGH_RISK_TRANSACTIONS = `query HighRisk($minScore: Float!, $first: Int!) {
  transactions(filter: { minScore: $minScore }, first: $first) {
    edges { node { ${TRANSACTION_ROW} } } hasNextPage
  }
}`;

// The dashboard asks for everything in one round trip: one request, one render.
export const DASHBOARD = `query Dashboard($from: String!, $to: String!, $bucket: String, $bins: Int) {
  fraudRate(from: $from, to: $to, bucket: $bucket) { bucketStart transactions suspected confirmedFraud blocked fraudRate }
  scoreDistribution(bins: $bins) { lower upper transactions confirmedFraud falsePositives }
  riskPolicy { ${POLICY} }
  riskyMerchants(limit: 8) { ${AGGREGATE} }
  riskyCountries(limit: 8) { ${AGGREGATE} }
  exposedCustomers(limit: 8) { ${AGGREGATE} }
  recentActivity(limit: 15) { alertId type actorId actorRole at version }
  modelInfo { version trainedAt source }
  drift { level psi recentScores since }
  queue: alerts(filter: { status: [OPEN, ESCALATED] }, first: 100) {
    edges { node { id raisedAt status } } pageInfo { hasNextPage }
  }
}`;

export const RISK_POLICY = `query RiskPolicy { riskPolicy { ${POLICY} } }`;

export const THRESHOLD_ANALYSIS = `query ThresholdAnalysis($fp: Float!, $fn: Float!) {
  thresholdAnalysis(falsePositiveCost: $fp, falseNegativeCost: $fn) {
    labelled frauds cheapestThreshold
    points { threshold precision recall alertVolume expectedCost truePositives falsePositives falseNegatives }
  }
  riskPolicy { ${POLICY} }
}`;

export const SET_RISK_THRESHOLDS = `mutation SetRiskThresholds($review: Float!, $block: Float!, $reason: String!, $expectedVersion: Int) {
  setRiskThresholds(reviewThreshold: $review, blockThreshold: $block, reason: $reason, expectedVersion: $expectedVersion) { ${POLICY} }
}`;

const alertMutation = (name: string, args: string, params: string) =>
  `mutation ${name[0]!.toUpperCase()}${name.slice(1)}($id: ID!, $expectedVersion: Int${params}) {
    ${name}(id: $id, expectedVersion: $expectedVersion${args}) { ${ALERT_DETAIL} }
  }`;

export const CLAIM_ALERT = alertMutation('claimAlert', '', '');
export const UNASSIGN_ALERT = alertMutation('unassignAlert', '', '');
export const ADD_ALERT_NOTE = alertMutation('addAlertNote', ', note: $note', ', $note: String!');
export const ESCALATE_ALERT = alertMutation('escalateAlert', ', reason: $reason', ', $reason: String!');
export const REOPEN_ALERT = alertMutation('reopenAlert', ', reason: $reason', ', $reason: String!');
export const RESOLVE_ALERT = alertMutation(
  'resolveAlert',
  ', disposition: $disposition, note: $note',
  ', $disposition: Disposition!, $note: String!',
);

export const BLOCK_TRANSACTION = `mutation BlockTransaction($id: ID!, $reason: String!, $expectedVersion: Int) {
  blockTransaction(id: $id, reason: $reason, expectedVersion: $expectedVersion) { ${TRANSACTION_ROW} }
}`;
export const RELEASE_TRANSACTION = `mutation ReleaseTransaction($id: ID!, $reason: String!, $expectedVersion: Int) {
  releaseTransaction(id: $id, reason: $reason, expectedVersion: $expectedVersion) { ${TRANSACTION_ROW} }
}`;

export const ALERT_RAISED = `subscription AlertRaised { alertRaised { ${ALERT_SUMMARY} } }`;
export const ALERT_UPDATED = `subscription AlertUpdated { alertUpdated { ${ALERT_SUMMARY} } }`;

// The model lifecycle: the registry, champion vs challenger, and the supervisor's two actions.
export interface SeatChange {
  by: string;
  reason: string;
  at: string;
  replaced: string | null;
}

export interface RegisteredModel {
  version: string;
  modelType: string;
  featureSpecVersion: string;
  fileHash: string;
  registeredBy: string;
  registeredAt: string;
  isChampion: boolean;
  isChallenger: boolean;
  thresholds: { review: number; block: number };
  metrics: {
    rocAuc: number | null;
    prAuc: number | null;
    precisionAtReview: number | null;
    recallAtReview: number | null;
    precisionAtBlock: number | null;
    recallAtBlock: number | null;
  };
  lastPromotion: SeatChange | null;
  lastChallengerAssignment: SeatChange | null;
}

export interface ModelRegistry {
  version: number;
  champion: string | null;
  challenger: string | null;
  models: RegisteredModel[];
}

export interface ModelSide {
  version: string;
  transactions: number;
  alerts: number;
  alertRate: number;
  reviewed: number;
  blocked: number;
  blockedAmount: number;
  labels: {
    labelled: number;
    frauds: number;
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
    trueNegatives: number;
    precision: number | null;
    recall: number | null;
    expectedCost: number;
  };
}

export interface ComparisonPair {
  championVersion: string;
  challengerVersion: string;
  transactions: number;
  agreements: number;
  agreementRate: number;
  decisions: { champion: string; challenger: string; transactions: number }[];
  champion: ModelSide;
  challenger: ModelSide;
}

export interface ModelComparison {
  from: string;
  to: string;
  falsePositiveCost: number;
  falseNegativeCost: number;
  transactions: number;
  pairs: ComparisonPair[];
}

const SEAT = 'by reason at replaced';
const REGISTRY = `version champion challenger models {
  version modelType featureSpecVersion fileHash registeredBy registeredAt isChampion isChallenger
  thresholds { review block }
  metrics { rocAuc prAuc precisionAtReview recallAtReview precisionAtBlock recallAtBlock }
  lastPromotion { ${SEAT} } lastChallengerAssignment { ${SEAT} } }`;
const SIDE = `version transactions alerts alertRate reviewed blocked blockedAmount
  labels { labelled frauds truePositives falsePositives falseNegatives trueNegatives precision recall expectedCost }`;

export const MODELS_VIEW = `query ModelsView($from: String, $to: String, $fp: Float, $fn: Float) {
  modelRegistry { ${REGISTRY} }
  modelComparison(from: $from, to: $to, falsePositiveCost: $fp, falseNegativeCost: $fn) {
    from to falsePositiveCost falseNegativeCost transactions
    pairs { championVersion challengerVersion transactions agreements agreementRate
      decisions { champion challenger transactions } champion { ${SIDE} } challenger { ${SIDE} } }
  }
}`;

export const ASSIGN_CHALLENGER = `mutation AssignChallenger($version: String!, $reason: String!, $expectedVersion: Int) {
  assignChallenger(version: $version, reason: $reason, expectedVersion: $expectedVersion) { ${REGISTRY} }
}`;

export const PROMOTE_MODEL = `mutation PromoteModel($version: String!, $reason: String!, $expectedVersion: Int) {
  promoteModel(version: $version, reason: $reason, expectedVersion: $expectedVersion) { ${REGISTRY} }
}`;
