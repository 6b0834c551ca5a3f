// The model lifecycle through the running API over a real PostgreSQL event store, with the real
// projections service filling transactions_enriched: the registry as appended by a deployment is
// listed with its seats; supervisors assign a challenger and promote (analysts may not; unknown
// versions, stale versions and concurrent changes are refused); modelComparison equals the figures
// computed below, independently, from the very events appended.
import { MODEL_REGISTRY_STREAM } from '#domain';
import { waitFor } from '#testing';
import { startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';
import {
  decisionAt,
  recordShadowScored,
  registerModels,
  testFileHash,
  testModelMetrics,
  type ShadowScoredFixture,
  type TestLabel,
} from '../testing/model-lifecycle.spec-helpers.js';
import type { ComparisonPair } from './compare-models/model-comparison.js';
import { startProjections, type ProjectionsProcess } from '../testing/projections-process.spec-helpers.js';

const REGISTRY = `query { modelRegistry { version champion challenger models {
  version modelType featureSpecVersion fileHash registeredBy registeredAt isChampion isChallenger
  thresholds { review block }
  metrics { rocAuc prAuc precisionAtReview recallAtReview precisionAtBlock recallAtBlock }
  lastPromotion { by reason at replaced } lastChallengerAssignment { by reason at replaced } } } }`;
const ASSIGN = `mutation($version: String!, $reason: String!, $expectedVersion: Int) {
  assignChallenger(version: $version, reason: $reason, expectedVersion: $expectedVersion) {
    version champion challenger models { version isChallenger lastChallengerAssignment { by reason replaced } } } }`;
const PROMOTE = `mutation($version: String!, $reason: String!, $expectedVersion: Int) {
  promoteModel(version: $version, reason: $reason, expectedVersion: $expectedVersion) {
    version champion challenger models { version isChampion lastPromotion { by reason replaced } } } }`;
const SIDE = `version transactions alerts alertRate reviewed blocked blockedAmount
  labels { labelled frauds truePositives falsePositives falseNegatives trueNegatives precision recall expectedCost }`;
const COMPARISON = `query($from: String, $to: String, $fp: Float, $fn: Float) {
  modelComparison(from: $from, to: $to, falsePositiveCost: $fp, falseNegativeCost: $fn) {
    from to falsePositiveCost falseNegativeCost transactions
    pairs { championVersion challengerVersion transactions agreements agreementRate
      decisions { champion challenger transactions } champion { ${SIDE} } challenger { ${SIDE} } } } }`;

interface Comparison {
  from: string;
  to: string;
  falsePositiveCost: number;
  falseNegativeCost: number;
  transactions: number;
  pairs: ComparisonPair[];
}

interface Registry {
  version: number;
  champion: string | null;
  challenger: string | null;
  models: Record<string, unknown>[];
}

describe('model lifecycle API', () => {
  let api: ApiHarness;
  let projections: ProjectionsProcess;
  let sue: string;
  let alice: string;
  const registeredAt = '2026-11-20T09:00:00.000Z';

  beforeAll(async () => {
    api = await startApi();
    projections = await startProjections(api.database.url);
    sue = `Bearer ${await token('sue', 'supervisor')}`;
    alice = `Bearer ${await token('alice', 'analyst')}`;
    await registerModels(api.store, ['v1', 'v2', 'v3'], 'v1', registeredAt);
  });
  afterAll(async () => {
    await projections?.stop();
    await api?.close();
  });

  const registry = async (): Promise<Registry> => {
    const result = await api.gql<{ modelRegistry: Registry }>(REGISTRY, {}, alice);
    expect(result.errors).toBeUndefined();
    return result.data!.modelRegistry;
  };
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
    result.errors?.[0]?.extensions?.code;

  describe('models', () => {
    it('lists every registered model with metrics, file hash, who registered it, and the champion with who promoted it and why', async () => {
      const result = await api.gql<{ models: { version: string; isChampion: boolean }[] }>(
        'query { models { version isChampion isChallenger } }',
        {},
        alice,
      );
      expect(result.data?.models).toEqual([
        { version: 'v1', isChampion: true, isChallenger: false },
        { version: 'v2', isChampion: false, isChallenger: false },
        { version: 'v3', isChampion: false, isChallenger: false },
      ]);
      const view = await registry();
      expect(view).toMatchObject({ version: 4, champion: 'v1', challenger: null });
      expect(view.models[1]).toEqual({
        version: 'v2',
        modelType: 'gradient-boosted-trees',
        featureSpecVersion: 'fs-1',
        fileHash: testFileHash(2),
        registeredBy: 'system',
        registeredAt,
        isChampion: false,
        isChallenger: false,
        thresholds: { review: 0.5, block: 0.9 },
        metrics: testModelMetrics(1),
        lastPromotion: null,
        lastChallengerAssignment: null,
      });
      expect(view.models[0]).toMatchObject({
        lastPromotion: { by: 'sam', reason: 'first model', at: registeredAt, replaced: null },
      });
    });
  });

  describe('assignChallenger and promoteModel', () => {
    it('an analyst may neither assign a challenger nor promote: FORBIDDEN, nothing recorded', async () => {
      const assign = await api.gql(ASSIGN, { version: 'v2', reason: 'try it' }, alice);
      const promote = await api.gql(PROMOTE, { version: 'v2', reason: 'better' }, alice);
      expect([codeOf(assign), codeOf(promote)]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect((await api.store.readStream(MODEL_REGISTRY_STREAM)).length).toBe(4);
    });

    it('an unknown version is NOT_FOUND naming the registered ones; an empty reason is BAD_USER_INPUT', async () => {
      const unknown = await api.gql(PROMOTE, { version: 'v9', reason: 'better' }, sue);
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      expect(unknown.errors?.[0]?.message).toBe(
        'Model v9 is not registered; register it first (known: v1, v2, v3)',
      );
      const noReason = await api.gql(ASSIGN, { version: 'v2', reason: '  ' }, sue);
      expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
      expect(noReason.errors?.[0]?.message).toMatch(/reason/);
      const champion = await api.gql(ASSIGN, { version: 'v1', reason: 'x' }, sue);
      expect(codeOf(champion)).toBe('INVALID_STATE');
    });

    it('a supervisor assigns a challenger with a reason: recorded with who and why, the registry after it answered', async () => {
      const result = await api.gql<{ assignChallenger: Registry }>(
        ASSIGN,
        { version: 'v2', reason: 'better recall on card-not-present', expectedVersion: 4 },
        sue,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.assignChallenger).toMatchObject({ version: 5, champion: 'v1', challenger: 'v2' });
      expect(result.data!.assignChallenger.models[1]).toEqual({
        version: 'v2',
        isChallenger: true,
        lastChallengerAssignment: { by: 'sue', reason: 'better recall on card-not-present', replaced: null },
      });
      const stored = (await api.store.readStream(MODEL_REGISTRY_STREAM)).at(-1)!;
      expect(stored.type).toBe('ChallengerAssigned');
      expect(stored.metadata.actor).toEqual({ id: 'sue', role: 'supervisor' });
      expect(stored.data).toMatchObject({ version: 'v2', assignedBy: 'sue', previousChallenger: null });
    });

    it('a stale expectedVersion is a CONFLICT, and of two concurrent changes from the same version exactly one is recorded', async () => {
      const stale = await api.gql(PROMOTE, { version: 'v2', reason: 'better', expectedVersion: 4 }, sue);
      expect(codeOf(stale)).toBe('CONFLICT');
      expect(stale.errors?.[0]?.message).toMatch(/reload and try again/);
      const [assign, promote] = await Promise.all([
        api.gql(ASSIGN, { version: 'v3', reason: 'next candidate', expectedVersion: 5 }, sue),
        api.gql(PROMOTE, { version: 'v2', reason: 'better', expectedVersion: 5 }, sue),
      ]);
      const codes = [codeOf(assign), codeOf(promote)];
      expect(codes.filter((code) => code === undefined)).toHaveLength(1);
      expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(1);
      const events = await api.store.readStream(MODEL_REGISTRY_STREAM);
      expect(events).toHaveLength(6);
      // Put the registry in a known state for what follows: v2 challenger.
      if (events.at(-1)!.type === 'ModelPromoted') {
        const back = await api.gql(PROMOTE, { version: 'v1', reason: 'back', expectedVersion: 6 }, sue);
        expect(back.errors).toBeUndefined();
        const again = await api.gql(ASSIGN, { version: 'v2', reason: 'again', expectedVersion: 7 }, sue);
        expect(again.errors).toBeUndefined();
      } else {
        const again = await api.gql(ASSIGN, { version: 'v2', reason: 'again', expectedVersion: 6 }, sue);
        expect(again.errors).toBeUndefined();
      }
    });

    it('a supervisor promotes the challenger: it becomes champion, the challenger seat empties, the old champion is named', async () => {
      const before = await registry();
      expect(before.challenger).toBe('v2');
      const result = await api.gql<{ promoteModel: Registry }>(
        PROMOTE,
        { version: 'v2', reason: 'lower expected cost over two weeks', expectedVersion: before.version },
        sue,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.promoteModel).toMatchObject({
        version: before.version + 1,
        champion: 'v2',
        challenger: null,
      });
      expect(result.data!.promoteModel.models.find((m) => m.version === 'v2')).toEqual({
        version: 'v2',
        isChampion: true,
        lastPromotion: { by: 'sue', reason: 'lower expected cost over two weeks', replaced: 'v1' },
      });
      expect(await registry()).toMatchObject({
        champion: 'v2',
        challenger: null,
        version: before.version + 1,
      });
    });
  });

  describe('modelComparison', () => {
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2026-11-08T00:00:00.000Z';
    const labels: TestLabel[] = ['CHARGEBACK', 'CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'INCONCLUSIVE', 'NONE'];
    // Deterministic spread of scores, amounts and labels; 'v0' champion for the first 10 (before a
    // promotion), then 'v1'; challenger 'v2' throughout. Outside the window, and without a shadow
    // score, transactions must not count.
    const inWindow: ShadowScoredFixture[] = Array.from({ length: 60 }, (_, i) => ({
      transactionId: `cmp-${i}`,
      champion: i < 10 ? 'v0' : 'v1',
      championScore: ((i * 37) % 100) / 100,
      challenger: 'v2',
      challengerScore: ((i * 53 + 11) % 100) / 100,
      amount: 10 + ((i * 7919) % 1000) / 4,
      scoredAt: new Date(Date.parse(from) + i * 3600_000).toISOString(),
      label: labels[(i * 3) % labels.length]!,
    }));
    const excluded: ShadowScoredFixture[] = [
      { ...inWindow[20]!, transactionId: 'cmp-before', scoredAt: '2026-10-31T23:59:59.999Z' },
      { ...inWindow[21]!, transactionId: 'cmp-at-to', scoredAt: to },
      { ...inWindow[22]!, transactionId: 'cmp-no-shadow', challenger: undefined, challengerScore: undefined },
    ];

    beforeAll(async () => {
      await recordShadowScored(api.store, [...inWindow, ...excluded]);
      const all = inWindow.length + excluded.length;
      const labelled = [...inWindow, ...excluded].filter(
        (f) => !['NONE', 'INCONCLUSIVE'].includes(f.label),
      ).length;
      await waitFor(
        async () => {
          const { rows } = await api.pool.query<{ n: number; labelled: number; shadow: number }>(
            `SELECT count(*)::int AS n, count(label)::int AS labelled, count(shadow_decision)::int AS shadow
               FROM transactions_enriched WHERE transaction_id LIKE 'cmp-%'`,
          );
          const row = rows[0]!;
          return row.n === all && row.labelled === labelled && row.shadow === all - 1;
        },
        { timeoutMs: 30_000, what: 'the comparison fixture in transactions_enriched' },
      );
    });

    /** The figures, computed here from the fixtures themselves. */
    function expected(
      fixtures: ShadowScoredFixture[],
      side: 'champion' | 'challenger',
      fp: number,
      fn: number,
    ) {
      const decisionOf = (f: ShadowScoredFixture) =>
        decisionAt(side === 'champion' ? f.championScore : f.challengerScore!);
      const fraud = (f: ShadowScoredFixture) => f.label === 'CHARGEBACK' || f.label === 'CONFIRMED_FRAUD';
      const legit = (f: ShadowScoredFixture) => f.label === 'FALSE_POSITIVE';
      const alerted = (f: ShadowScoredFixture) => decisionOf(f) !== 'APPROVE';
      const count = (predicate: (f: ShadowScoredFixture) => boolean) => fixtures.filter(predicate).length;
      const tp = count((f) => fraud(f) && alerted(f));
      const falsePositives = count((f) => legit(f) && alerted(f));
      const falseNegatives = count((f) => fraud(f) && !alerted(f));
      return {
        version: side === 'champion' ? fixtures[0]!.champion : 'v2',
        transactions: fixtures.length,
        alerts: count(alerted),
        reviewed: count((f) => decisionOf(f) === 'REVIEW'),
        blocked: count((f) => decisionOf(f) === 'BLOCK'),
        blockedAmount: fixtures
          .filter((f) => decisionOf(f) === 'BLOCK')
          .reduce((sum, f) => sum + f.amount, 0),
        labels: {
          labelled: count((f) => fraud(f) || legit(f)),
          frauds: count(fraud),
          truePositives: tp,
          falsePositives,
          falseNegatives,
          trueNegatives: count((f) => legit(f) && !alerted(f)),
          precision: tp + falsePositives === 0 ? null : tp / (tp + falsePositives),
          recall: tp + falseNegatives === 0 ? null : tp / (tp + falseNegatives),
          expectedCost: falsePositives * fp + falseNegatives * fn,
        },
      };
    }

    it('per (champion, challenger) pair: volumes, alerts, blocks, agreement, decision matrix and labelled outcome equal the figures computed from the events', async () => {
      const result = await api.gql<{ modelComparison: Comparison }>(
        COMPARISON,
        { from, to, fp: 3, fn: 40 },
        alice,
      );
      expect(result.errors).toBeUndefined();
      const comparison = result.data!.modelComparison;
      expect(comparison).toMatchObject({
        from,
        to,
        falsePositiveCost: 3,
        falseNegativeCost: 40,
        transactions: 60,
      });
      const groups = [inWindow.slice(10), inWindow.slice(0, 10)];
      expect(comparison.pairs.map((p) => [p.championVersion, p.challengerVersion, p.transactions])).toEqual([
        ['v1', 'v2', 50],
        ['v0', 'v2', 10],
      ]);
      groups.forEach((fixtures, index) => {
        const pair = comparison.pairs[index]!;
        for (const side of ['champion', 'challenger'] as const) {
          const { blockedAmount, ...rest } = expected(fixtures, side, 3, 40);
          expect(pair[side]).toMatchObject(rest);
          expect(pair[side].blockedAmount).toBeCloseTo(blockedAmount, 4);
          expect(pair[side].alertRate).toBeCloseTo(rest.alerts / rest.transactions, 12);
        }
        const agreements = fixtures.filter(
          (f) => decisionAt(f.championScore) === decisionAt(f.challengerScore!),
        ).length;
        expect(pair.agreements).toBe(agreements);
        expect(pair.agreementRate).toBeCloseTo(agreements / fixtures.length, 12);
        for (const cell of pair.decisions) {
          expect(cell.transactions).toBe(
            fixtures.filter(
              (f) =>
                decisionAt(f.championScore) === cell.champion &&
                decisionAt(f.challengerScore!) === cell.challenger,
            ).length,
          );
        }
        expect(pair.decisions).toHaveLength(9);
      });
      // The fixture must exercise what it checks: both sides alert, block and meet labels.
      const main = comparison.pairs[0]!;
      expect(main.champion.labels.truePositives).toBeGreaterThan(0);
      expect(main.challenger.labels.falsePositives + main.challenger.labels.falseNegatives).toBeGreaterThan(
        0,
      );
      expect(main.agreements).toBeLessThan(main.transactions);
    });

    it('defaults the costs, and refuses a bad window with a message naming the fix', async () => {
      const defaults = await api.gql<{
        modelComparison: { falsePositiveCost: number; falseNegativeCost: number };
      }>(COMPARISON, { from, to }, alice);
      expect(defaults.data?.modelComparison).toMatchObject({ falsePositiveCost: 5, falseNegativeCost: 100 });
      const inverted = await api.gql(COMPARISON, { from: to, to: from }, alice);
      expect(codeOf(inverted)).toBe('BAD_USER_INPUT');
      expect(inverted.errors?.[0]?.message).toMatch(/must be before to/);
      const tooLong = await api.gql(COMPARISON, { from: '2026-01-01T00:00:00Z', to }, alice);
      expect(tooLong.errors?.[0]?.message).toMatch(/compare at most 92 days/);
      const negative = await api.gql(COMPARISON, { from, to, fn: -1 }, alice);
      expect(negative.errors?.[0]?.message).toMatch(/falseNegativeCost must be a number >= 0/);
    });
  });
});
