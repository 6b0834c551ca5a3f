import { InMemoryEventStore, type FeedPage } from '#eventstore';
import { Registry } from 'prom-client';
import { ProjectionMetrics } from './projection-metrics.js';
import type { ProjectionRunner } from './projection-runner.js';

/** A store whose reads answer `page`; a runner at a checkpoint. */
function probeSetup() {
  let page: FeedPage = { events: [], checkpoint: 'start', endOfFeed: true };
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
    probe: (at: number) => metrics.probe(store, [runner], at),
    lagSeconds: () => gauge('projection_lag_seconds'),
    heldBack: () => gauge('projection_feed_held_back'),
  };
}

const at = (iso: string) => Date.parse(iso);

describe('ProjectionMetrics lag', () => {
  it('given events the projection takes hidden behind an older transaction, when it lasts, then the lag counts from when it was first seen', async () => {
    // given
    const { answer, probe, lagSeconds, heldBack } = probeSetup();
    answer({ heldBack: true, heldBackMatching: true });
    // when
    await probe(at('2026-12-06T08:00:00Z'));
    await probe(at('2026-12-06T08:00:30Z'));
    // then
    expect(await heldBack()).toBe(1);
    expect(await lagSeconds()).toBe(30);
  });

  it("given the hidden events show, then the lag is the oldest one's age again and nothing is held", async () => {
    // given
    const { answer, probe, lagSeconds, heldBack } = probeSetup();
    answer({ heldBack: true, heldBackMatching: true });
    await probe(at('2026-12-06T08:00:00Z'));
    // when
    answer({
      heldBack: false,
      heldBackMatching: false,
      events: [{ recordedAt: '2026-12-06T08:00:05Z' } as FeedPage['events'][number]],
    });
    await probe(at('2026-12-06T08:00:07Z'));
    // then
    expect(await heldBack()).toBe(0);
    expect(await lagSeconds()).toBe(2);
  });

  it('given only events the projection does not take are hidden, then it is not behind', async () => {
    // given
    const { answer, probe, lagSeconds, heldBack } = probeSetup();
    answer({ heldBack: true, heldBackMatching: false });
    // when
    await probe(at('2026-12-06T08:00:00Z'));
    await probe(at('2026-12-06T08:00:30Z'));
    // then
    expect(await heldBack()).toBe(0);
    expect(await lagSeconds()).toBe(0);
  });
});
