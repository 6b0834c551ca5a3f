import type { Person } from '../shared/actor.js';
import { specFor } from '../shared/decider.spec-helpers.js';
import { fold } from '../shared/decider.js';
import { type ModelRegistryCommand, modelRegistryDecider } from './model-registry.decide.js';
import type { ModelDescription, ModelRegistryEvent } from './model-registry.events.js';

const now = '2026-11-25T10:00:00.000Z';
const sue: Person = { id: 'sue', role: 'supervisor' };
const alice: Person = { id: 'alice', role: 'analyst' };
const { given } = specFor(modelRegistryDecider);

const model = (version: string, fileHash = 'a'.repeat(64)): ModelDescription => ({
  version,
  modelType: 'gbt',
  featureSpecVersion: 'fs-1',
  fileHash,
  thresholds: { review: 0.5, block: 0.9 },
  metrics: {
    rocAuc: 0.97,
    prAuc: 0.81,
    precisionAtReview: 0.6,
    recallAtReview: 0.8,
    precisionAtBlock: 0.9,
    recallAtBlock: 0.4,
  },
});
const registered = (version: string, fileHash?: string): ModelRegistryEvent => ({
  type: 'ModelRegistered',
  data: { ...model(version, fileHash), registeredBy: 'system', registeredAt: now },
});
const promoted = (version: string, previousChampion: string | null = null): ModelRegistryEvent => ({
  type: 'ModelPromoted',
  data: { version, previousChampion, promotedBy: 'sue', reason: 'first model', promotedAt: now },
});
const assigned = (version: string, previousChallenger: string | null = null): ModelRegistryEvent => ({
  type: 'ChallengerAssigned',
  data: { version, previousChallenger, assignedBy: 'sue', reason: 'try it', assignedAt: now },
});
const register = (
  description: ModelDescription,
  actor: Person | 'system' = 'system',
): ModelRegistryCommand => ({
  type: 'RegisterModel',
  model: description,
  actor,
  now,
});
const assign = (version: string, actor: Person = sue, reason = 'try it'): ModelRegistryCommand => ({
  type: 'AssignChallenger',
  version,
  reason,
  actor,
  now,
});
const promote = (version: string, actor: Person = sue, reason = 'better recall'): ModelRegistryCommand => ({
  type: 'PromoteModel',
  version,
  reason,
  actor,
  now,
});

describe('Model registry', () => {
  describe('registerModel', () => {
    it('a deployment registers a model with its metrics and file hash', () => {
      given([])
        .when(register(model('v1')))
        .then([registered('v1')]);
    });
    it('a supervisor may register a model, an analyst may not', () => {
      given([])
        .when(register(model('v1'), sue))
        .then([
          {
            ...registered('v1'),
            data: { ...registered('v1').data, registeredBy: 'sue' },
          } as ModelRegistryEvent,
        ]);
      given([])
        .when(register(model('v1'), alice))
        .thenThrows('FORBIDDEN');
    });
    it('registering the same file under the same version again records nothing', () => {
      given([registered('v1')])
        .when(register(model('v1')))
        .then([]);
    });
    it('a different file under a registered version is refused', () => {
      given([registered('v1')])
        .when(register(model('v1', 'b'.repeat(64))))
        .thenThrows(
          'INVALID_STATE',
          /already registered with file hash a+, not b+: give a changed model a new version/,
        );
    });
    it('a file hash that is not a sha256 is refused', () => {
      given([])
        .when(register(model('v1', 'xyz')))
        .thenThrows('BAD_USER_INPUT', /fileHash must be the sha256/);
    });
    it('an empty version and inverted thresholds are refused', () => {
      given([])
        .when(register(model(' ')))
        .thenThrows('BAD_USER_INPUT', /version " " is not usable/);
      given([])
        .when(register({ ...model('v1'), thresholds: { review: 0.9, block: 0.5 } }))
        .thenThrows('BAD_USER_INPUT', /review \(0.9\) <= block \(0.5\)/);
    });
  });

  describe('assignChallenger', () => {
    it('a supervisor assigns a registered model as challenger, with a reason', () => {
      given([registered('v1'), promoted('v1'), registered('v2')])
        .when(assign('v2'))
        .then([assigned('v2')]);
    });
    it('a new challenger replaces the previous one and names it', () => {
      given([registered('v1'), promoted('v1'), registered('v2'), assigned('v2'), registered('v3')])
        .when(assign('v3'))
        .then([assigned('v3', 'v2')]);
    });
    it('an analyst may not assign a challenger', () => {
      given([registered('v2')])
        .when(assign('v2', alice))
        .thenThrows('FORBIDDEN');
    });
    it('an unregistered model cannot be the challenger', () => {
      given([registered('v1')])
        .when(assign('v9'))
        .thenThrows('NOT_FOUND', /Model v9 is not registered; register it first \(known: v1\)/);
    });
    it('the champion cannot also be the challenger', () => {
      given([registered('v1'), promoted('v1')])
        .when(assign('v1'))
        .thenThrows('INVALID_STATE', /is the champion/);
    });
    it('assigning the challenger already in the seat is refused', () => {
      given([registered('v2'), assigned('v2')])
        .when(assign('v2'))
        .thenThrows('INVALID_STATE', /already the challenger/);
    });
    it('a reason is required', () => {
      given([registered('v2')])
        .when(assign('v2', sue, ''))
        .thenThrows('BAD_USER_INPUT', /reason is required/);
    });
  });

  describe('promoteModel', () => {
    it('the first promotion makes a champion where there was none', () => {
      given([registered('v1')])
        .when(promote('v1'))
        .then([
          {
            type: 'ModelPromoted',
            data: {
              version: 'v1',
              previousChampion: null,
              promotedBy: 'sue',
              reason: 'better recall',
              promotedAt: now,
            },
          },
        ]);
    });
    it('promoting the challenger names the champion it replaces and empties the challenger seat', () => {
      const history = [registered('v1'), promoted('v1'), registered('v2'), assigned('v2')];
      given(history)
        .when(promote('v2'))
        .then([
          {
            type: 'ModelPromoted',
            data: {
              version: 'v2',
              previousChampion: 'v1',
              promotedBy: 'sue',
              reason: 'better recall',
              promotedAt: now,
            },
          },
        ]);
      const after = fold(modelRegistryDecider, [...history, promoted('v2', 'v1')]);
      expect(after).toMatchObject({ champion: 'v2', challenger: null });
      expect(Object.keys(after.models)).toEqual(['v1', 'v2']);
    });
    it('promoting another model keeps the challenger in its seat', () => {
      const after = fold(modelRegistryDecider, [
        registered('v1'),
        registered('v2'),
        registered('v3'),
        promoted('v1'),
        assigned('v2'),
        promoted('v3', 'v1'),
      ]);
      expect(after).toMatchObject({ champion: 'v3', challenger: 'v2' });
    });
    it('an analyst may not promote', () => {
      given([registered('v1')])
        .when(promote('v1', alice))
        .thenThrows('FORBIDDEN', /Only a supervisor may promote/);
    });
    it('promoting the champion again is refused', () => {
      given([registered('v1'), promoted('v1')])
        .when(promote('v1'))
        .thenThrows('INVALID_STATE', /already the champion/);
    });
    it('an unregistered model cannot be promoted', () => {
      given([])
        .when(promote('v1'))
        .thenThrows('NOT_FOUND', /known: none/);
    });
    it('a reason is required', () => {
      given([registered('v1')])
        .when(promote('v1', sue, '  '))
        .thenThrows('BAD_USER_INPUT', /reason is required/);
    });
  });
});
