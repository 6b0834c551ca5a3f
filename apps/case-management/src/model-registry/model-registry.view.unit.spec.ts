// registryOf: given the registry's events, then the models as the API shows them.
import type { ModelRegistryEvent } from '#domain';
import type { StoredEnvelope } from '../event-store/execute-command.js';
import { registryOf } from './model-registry.view.js';

const at = '2026-11-25T10:00:00.000Z';
const metrics = {
  rocAuc: 0.9,
  prAuc: 0.7,
  precisionAtReview: 0.5,
  recallAtReview: 0.8,
  precisionAtBlock: 0.9,
  recallAtBlock: 0.3,
};
const registered = (version: string): ModelRegistryEvent => ({
  type: 'ModelRegistered',
  data: {
    version,
    modelType: 'gbt',
    featureSpecVersion: 'fs-1',
    fileHash: 'c'.repeat(64),
    thresholds: { review: 0.5, block: 0.9 },
    metrics,
    registeredBy: 'system',
    registeredAt: at,
  },
});
const envelopes = (events: ModelRegistryEvent[]): StoredEnvelope[] =>
  events.map((event) => ({ ...event, metadata: { actor: 'system', occurredAt: at } }) as StoredEnvelope);

describe('registryOf', () => {
  it('given registrations, a promotion and a challenger, then seats with who chose them and why', () => {
    const view = registryOf(
      envelopes([
        registered('10'),
        registered('2'),
        registered('v3'),
        {
          type: 'ModelPromoted',
          data: { version: '10', previousChampion: null, promotedBy: 'sue', reason: 'first', promotedAt: at },
        },
        {
          type: 'ChallengerAssigned',
          data: { version: 'v3', previousChallenger: null, assignedBy: 'sue', reason: 'try', assignedAt: at },
        },
      ]),
    );
    expect(view).toMatchObject({ version: 5, champion: '10', challenger: 'v3' });
    // Registration order, even for versions that look like numbers.
    expect(view.models.map((m) => [m.version, m.isChampion, m.isChallenger])).toEqual([
      ['10', true, false],
      ['2', false, false],
      ['v3', false, true],
    ]);
    expect(view.models[0]!.lastPromotion).toEqual({ by: 'sue', reason: 'first', at, replaced: null });
    expect(view.models[2]!.lastChallengerAssignment).toEqual({
      by: 'sue',
      reason: 'try',
      at,
      replaced: null,
    });
    expect(view.models[0]!.metrics).toEqual(metrics);
  });

  it('given the challenger promoted, then it is champion, the seat of challenger is empty, and the old champion keeps its history', () => {
    const view = registryOf(
      envelopes([
        registered('v1'),
        registered('v2'),
        {
          type: 'ModelPromoted',
          data: { version: 'v1', previousChampion: null, promotedBy: 'sue', reason: 'first', promotedAt: at },
        },
        {
          type: 'ChallengerAssigned',
          data: { version: 'v2', previousChallenger: null, assignedBy: 'sue', reason: 'try', assignedAt: at },
        },
        {
          type: 'ModelPromoted',
          data: {
            version: 'v2',
            previousChampion: 'v1',
            promotedBy: 'sam',
            reason: 'better',
            promotedAt: at,
          },
        },
      ]),
    );
    expect(view).toMatchObject({ champion: 'v2', challenger: null });
    expect(view.models[1]).toMatchObject({
      isChampion: true,
      isChallenger: false,
      lastPromotion: { by: 'sam', reason: 'better', replaced: 'v1' },
    });
    expect(view.models[0]).toMatchObject({ isChampion: false, lastPromotion: { by: 'sue' } });
  });

  it('given an empty stream, then version 0 and no models', () => {
    expect(registryOf([])).toEqual({ version: 0, champion: null, challenger: null, models: [] });
  });
});
