import { InMemoryEventStore, type FeedPage } from '#eventstore';
import { Registry } from 'prom-client';
import { ProjectionMetrics } from './projection-metrics.js';
import type { ProjectionRunner } from './projection-runner.js';

/** A store whose reads answer `page`; a runner at a checkpoint. */
function probeSetup() {
  let page: FeedPage = { events: [], checkpoint: 'pg:10:100', endOfFeed: true };
  const store = new InMemoryEventStore();
  store.readAll = () => Promise.resolve(page);
  const runner = {
    projection: { name: 'transactions', filter: {} },
    state: { status: 'live' },
    position: 'start',
  } as unknown as ProjectionRunner;
  const registry = new Registry();
  const metrics = new ProjectionMetrics(registry);
  const gauge = async (name: string) =>
    (await registry.getSingleMetric(name)!.get()).values.find(
      (value) => value.labels.projection === 'transactions',
    )?.value;
  return {
    answer: (next: Partial<FeedPage>) => (page = { ...page, ...next }),
    probe: (iso: string) => metrics.probe(store, [runner], Date.parse(iso)),
    lagSeconds: () => gauge('projection_lag_seconds'),
    heldSeconds: () => gauge('projection_feed_held_seconds'),
  };
}

const recordedAt = (iso: string) => ({ recordedAt: iso }) as FeedPage['events'][number];
const HELD = { heldBack: true, heldBackMatching: true };

describe('ProjectionMetrics lag', () => {
  it('given events the projection takes hidden by one transaction, when it lasts, then the lag counts from when it was first seen', async () => {
    // given
    const { answer, probe, lagSeconds, heldSeconds } = probeSetup();
    answer(HELD);
    // when the visible feed ends at the same place 30 s later
    await probe('2026-12-06T08:00:00Z');
    await probe('2026-12-06T08:00:30Z');
    // then
    expect(await heldSeconds()).toBe(30);
    expect(await lagSeconds()).toBe(30);
  });

  it('given a horizon held at every probe but moving on between them (a busy server), then nothing accumulates', async () => {
    // given
    const { answer, probe, lagSeconds, heldSeconds } = probeSetup();
    answer(HELD);
    await probe('2026-12-06T08:00:00Z');
    // when the visible feed has moved on by the next probe, held again by a later transaction
    answer({ checkpoint: 'pg:20:250' });
    await probe('2026-12-06T08:00:05Z');
    // then
    expect(await heldSeconds()).toBe(0);
    expect(await lagSeconds()).toBe(0);
  });

  it('given visible events and hidden ones, then the lag is the longer of the oldest visible one and the hold', async () => {
    // given
    const { answer, probe, lagSeconds, heldSeconds } = probeSetup();
    answer(HELD);
    await probe('2026-12-06T08:00:00Z');
    // when an event below the horizon shows, not yet applied, and the hold goes on
    answer({ events: [recordedAt('2026-12-06T08:00:55Z')] });
    await probe('2026-12-06T08:01:00Z');
    // then
    expect(await heldSeconds()).toBe(60);
    expect(await lagSeconds()).toBe(60);
  });

  it("given the hidden events show, then the lag is the oldest one's age again and nothing is held", async () => {
    // given
    const { answer, probe, lagSeconds, heldSeconds } = probeSetup();
    answer(HELD);
    await probe('2026-12-06T08:00:00Z');
    // when
    answer({
      heldBack: false,
      heldBackMatching: false,
      checkpoint: 'pg:30:400',
      events: [recordedAt('2026-12-06T08:00:05Z')],
    });
    await probe('2026-12-06T08:00:07Z');
    // then
    expect(await heldSeconds()).toBe(0);
    expect(await lagSeconds()).toBe(2);
  });

  it('given only events the projection does not take are hidden, then it is not behind', async () => {
    // given
    const { answer, probe, lagSeconds, heldSeconds } = probeSetup();
    answer({ heldBack: true, heldBackMatching: false });
    // when
    await probe('2026-12-06T08:00:00Z');
    await probe('2026-12-06T08:00:30Z');
    // then
    expect(await heldSeconds()).toBe(0);
    expect(await lagSeconds()).toBe(0);
  });
});
