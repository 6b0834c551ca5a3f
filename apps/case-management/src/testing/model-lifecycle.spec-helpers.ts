// The model lifecycle's facts, appended the way their writers append them, for API and console
// tests: the registry (ModelRegistered by the deployment, ModelPromoted) on `model-registry`, and
// transactions scored by a champion with the challenger's TransactionShadowScored beside it, plus
// their labels (a chargeback, or an alert resolved with a disposition).
import { randomUUID } from 'node:crypto';
import {
  alertStreamId,
  MODEL_REGISTRY_STREAM,
  transactionStreamId,
  type Decision,
  type ModelRegistryEvent,
} from '#domain';
import { NO_STREAM, type AppendRequest, type EventStore, type EventToAppend } from '#eventstore';

const supervisor = { id: 'sam', role: 'supervisor' } as const;

const envelope = (
  type: string,
  data: object,
  at: string,
  actor: EventToAppend['metadata']['actor'] = 'system',
): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: data as Record<string, unknown>,
  metadata: { actor, occurredAt: at },
  schemaVersion: 1,
});

/** The metrics a test model is registered with: distinct per version so a test can tell them apart. */
export const testModelMetrics = (index: number) => ({
  rocAuc: 0.9 + index / 100,
  prAuc: 0.6 + index / 100,
  precisionAtReview: 0.5,
  recallAtReview: 0.8 - index / 100,
  precisionAtBlock: 0.9,
  recallAtBlock: null,
});

export const testFileHash = (index: number): string => index.toString(16).padStart(64, '0');

/** Registers `versions` (as a deployment does) and promotes `champion`; returns the stream version. */
export async function registerModels(
  store: EventStore,
  versions: readonly string[],
  champion: string,
  at = new Date().toISOString(),
): Promise<number> {
  const events: ModelRegistryEvent[] = versions.map((version, index) => ({
    type: 'ModelRegistered',
    data: {
      version,
      modelType: 'gradient-boosted-trees',
      featureSpecVersion: 'fs-1',
      fileHash: testFileHash(index + 1),
      thresholds: { review: 0.5, block: 0.9 },
      metrics: testModelMetrics(index),
      registeredBy: 'system',
      registeredAt: at,
    },
  }));
  const promoted = envelope(
    'ModelPromoted',
    { version: champion, previousChampion: null, promotedBy: 'sam', reason: 'first model', promotedAt: at },
    at,
    supervisor,
  );
  const result = await store.append(
    MODEL_REGISTRY_STREAM,
    [...events.map((event) => envelope(event.type, event.data, at)), promoted],
    NO_STREAM,
  );
  if (result.outcome === 'conflict') throw new Error('model-registry already exists in this store');
  return result.nextExpectedVersion;
}

export type TestLabel = 'CHARGEBACK' | 'CONFIRMED_FRAUD' | 'FALSE_POSITIVE' | 'INCONCLUSIVE' | 'NONE';

export interface ShadowScoredFixture {
  readonly transactionId: string;
  readonly champion: string;
  readonly championScore: number;
  /** Absent: no challenger scored it. */
  readonly challenger?: string;
  readonly challengerScore?: number;
  readonly amount: number;
  readonly scoredAt: string;
  readonly label: TestLabel;
}

/** The decision policy of the fixtures: review 0.5, block 0.9. */
export const decisionAt = (score: number): Decision =>
  score >= 0.9 ? 'BLOCK' : score >= 0.5 ? 'REVIEW' : 'APPROVE';

/** Appends the fixtures' streams in one round trip (each transaction and alert stream new). */
export async function recordShadowScored(
  store: EventStore,
  fixtures: readonly ShadowScoredFixture[],
): Promise<void> {
  const requests: AppendRequest[] = [];
  for (const f of fixtures) {
    const at = f.scoredAt;
    const customerId = `c-${f.transactionId}`;
    const decision = decisionAt(f.championScore);
    const events = [
      envelope(
        'TransactionReceived',
        {
          transactionId: f.transactionId,
          customerId,
          merchantId: 'm-1',
          merchantCategory: 'electronics',
          country: 'FR',
          amount: f.amount,
          currency: 'EUR',
          occurredAt: at,
          receivedAt: at,
        },
        at,
      ),
      envelope(
        'TransactionScored',
        {
          transactionId: f.transactionId,
          customerId,
          riskScore: f.championScore,
          decision,
          modelVersion: f.champion,
          policyVersion: 0,
          reviewThreshold: 0.5,
          blockThreshold: 0.9,
          customerBlocked: false,
          features: {},
          reasons: [],
          scoredAt: at,
        },
        at,
      ),
    ];
    if (f.challenger !== undefined && f.challengerScore !== undefined) {
      events.push(
        envelope(
          'TransactionShadowScored',
          {
            transactionId: f.transactionId,
            customerId,
            modelVersion: f.challenger,
            championVersion: f.champion,
            riskScore: f.challengerScore,
            decision: decisionAt(f.challengerScore),
            policyVersion: 0,
            reviewThreshold: 0.5,
            blockThreshold: 0.9,
            reasons: [],
            scoredAt: at,
          },
          at,
        ),
      );
    }
    if (f.label === 'CHARGEBACK') {
      events.push(
        envelope(
          'ChargebackReported',
          { transactionId: f.transactionId, customerId, reportedAt: at, reason: 'fraud', amount: f.amount },
          at,
        ),
      );
    }
    requests.push({ streamId: transactionStreamId(f.transactionId), expected: NO_STREAM, events });
    if (f.label === 'CONFIRMED_FRAUD' || f.label === 'FALSE_POSITIVE' || f.label === 'INCONCLUSIVE') {
      requests.push({
        streamId: alertStreamId(f.transactionId),
        expected: NO_STREAM,
        events: [
          envelope(
            'AlertRaised',
            {
              alertId: f.transactionId,
              transactionId: f.transactionId,
              customerId,
              merchantId: 'm-1',
              riskScore: f.championScore,
              decision: decision === 'APPROVE' ? 'REVIEW' : decision,
              amount: f.amount,
              currency: 'EUR',
              reasons: [],
              raisedAt: at,
            },
            at,
          ),
          envelope(
            'AlertResolved',
            { alertId: f.transactionId, disposition: f.label, note: 'checked', by: 'sam', resolvedAt: at },
            at,
            supervisor,
          ),
        ],
      });
    }
  }
  const refused = (await store.appendMany(requests)).find((result) => result.outcome === 'conflict');
  if (refused) throw new Error(`${refused.streamId} already exists in this store`);
}
