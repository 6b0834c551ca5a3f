// The review workflow end to end, the way production runs it: scoring's events in the PostgreSQL event
// store, the real projections service (a child process) filling the read tables, and the API over
// HTTP and graphql-ws. An alert raised by scoring appears in `alerts`, is claimed, noted, its payment
// blocked, resolved; the timeline shows each step with actor and time; subscriptions deliver it all.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '#testing';
import { raiseAlert, startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';
import { startProjections, type ProjectionsProcess } from '../testing/projections-process.spec-helpers.js';

interface Seen {
  readonly kind: 'raised' | 'updated';
  readonly id: string;
  readonly status: string;
  readonly assignee: string | null;
  readonly version: number;
}

interface ListedAlert {
  id: string;
  status: string;
  assignee: string | null;
  disposition: string | null;
  version: number;
  riskScore: number;
}

const LISTED = 'id status assignee disposition version riskScore';

describe('the review workflow through the running API, event store and projections', () => {
  let api: ApiHarness;
  let projections: ProjectionsProcess;
  let ws: Client;
  let alice: string;
  let sue: string;
  const seen: Seen[] = [];

  const listed = async (filter: string): Promise<ListedAlert[]> => {
    const result = await api.gql<{ alerts: { edges: { node: ListedAlert }[] } }>(
      `{ alerts(first: 50, filter: ${filter}) { edges { node { ${LISTED} } } } }`,
      {},
      alice,
    );
    expect(result.errors).toBeUndefined();
    return result.data!.alerts.edges.map((edge) => edge.node);
  };
  /** Waits until the projection shows the alert as `expected` (the read side lags the commands). */
  const listedAs = (id: string, expected: Partial<ListedAlert>) =>
    waitFor(
      async () => {
        const row = (await listed(`{ customerId: "c-review" }`)).find((alert) => alert.id === id);
        return row &&
          Object.entries(expected).every(([key, value]) => row[key as keyof ListedAlert] === value)
          ? row
          : undefined;
      },
      { timeoutMs: 20_000, what: `alert ${id} listed as ${JSON.stringify(expected)}` },
    );

  beforeAll(async () => {
    api = await startApi();
    projections = await startProjections(api.database.url);
    alice = `Bearer ${await token('alice', 'analyst')}`;
    sue = `Bearer ${await token('sue', 'supervisor')}`;
    await api.waitUntilReady();
    ws = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: alice },
    });
    for (const kind of ['raised', 'updated'] as const) {
      const field = kind === 'raised' ? 'alertRaised' : 'alertUpdated';
      ws.subscribe<Record<string, Omit<Seen, 'kind'>>>(
        { query: `subscription { ${field} { id status assignee version } }` },
        {
          next: (value) => {
            const alert = value.data?.[field];
            if (alert) seen.push({ kind, ...alert });
          },
          error: (error: unknown) =>
            seen.push({ kind, id: 'error', status: JSON.stringify(error), assignee: null, version: 0 }),
          complete: () => undefined,
        },
      );
    }
    // graphql-ws acknowledges a subscription asynchronously: wait until both are registered.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  afterAll(async () => {
    await ws?.dispose();
    await projections?.stop();
    await api?.close();
  });

  it('an alert raised by scoring is listed, claimed, noted, blocked and resolved; the timeline and subscriptions show every step', async () => {
    const startedAt = new Date().toISOString();
    const id = await raiseAlert(api.store, { riskScore: 0.72, customerId: 'c-review', amount: 480 });

    // Listed by the projection, as scoring raised it.
    const row = await listedAs(id, { status: 'OPEN' });
    expect(row).toEqual({
      id,
      status: 'OPEN',
      assignee: null,
      disposition: null,
      version: 1,
      riskScore: 0.72,
    });

    const claimed = await api.gql(
      'mutation($id: ID!) { claimAlert(id: $id, expectedVersion: 1) { status assignee version } }',
      { id },
      alice,
    );
    expect(claimed.data?.claimAlert).toEqual({ status: 'IN_REVIEW', assignee: 'alice', version: 2 });
    await listedAs(id, { status: 'IN_REVIEW', assignee: 'alice', version: 2 });
    expect((await listed('{ assignee: "alice", status: [IN_REVIEW] }')).map((alert) => alert.id)).toContain(
      id,
    );

    const noted = await api.gql(
      'mutation($id: ID!) { addAlertNote(id: $id, note: "customer did not answer", expectedVersion: 2) { version notes { author note } } }',
      { id },
      alice,
    );
    expect(noted.data?.addAlertNote).toEqual({
      version: 3,
      notes: [{ author: 'alice', note: 'customer did not answer' }],
    });

    const blocked = await api.gql(
      'mutation($id: ID!) { blockTransaction(id: $id, reason: "card reported stolen", expectedVersion: 3) { status version } }',
      { id },
      alice,
    );
    expect(blocked.data?.blockTransaction).toEqual({ status: 'BLOCKED', version: 4 });

    const resolved = await api.gql(
      'mutation($id: ID!) { resolveAlert(id: $id, disposition: CONFIRMED_FRAUD, note: "stolen card", expectedVersion: 3) { status disposition version } }',
      { id },
      alice,
    );
    expect(resolved.data?.resolveAlert).toEqual({
      status: 'RESOLVED',
      disposition: 'CONFIRMED_FRAUD',
      version: 4,
    });
    await listedAs(id, { status: 'RESOLVED', assignee: 'alice', disposition: 'CONFIRMED_FRAUD', version: 4 });
    expect(await listed('{ status: [OPEN, IN_REVIEW], customerId: "c-review" }')).toEqual([]);

    const detail = await api.gql<{
      alert: {
        timeline: {
          stream: string;
          type: string;
          actorId: string;
          actorRole: string;
          at: string;
          detail: string | null;
        }[];
        transaction: { status: string; decision: string };
      };
    }>(
      'query($id: ID!) { alert(id: $id) { timeline { stream type actorId actorRole at detail } transaction { status decision } } }',
      { id },
      sue,
    );
    expect(detail.errors).toBeUndefined();
    const timeline = detail.data!.alert.timeline;
    expect(timeline.map((step) => [step.type, step.actorId, step.actorRole, step.stream])).toEqual([
      ['AlertRaised', 'system', 'system', `alert-${id}`],
      ['AlertClaimed', 'alice', 'analyst', `alert-${id}`],
      ['AlertNoteAdded', 'alice', 'analyst', `alert-${id}`],
      ['TransactionBlocked', 'alice', 'analyst', `transaction-${id}`],
      ['AlertResolved', 'alice', 'analyst', `alert-${id}`],
    ]);
    expect(timeline[3]?.detail).toBe('card reported stolen');
    const times = timeline.map((step) => step.at);
    expect([...times].sort()).toEqual(times);
    for (const at of times.slice(1)) expect(at >= startedAt && at <= new Date().toISOString()).toBe(true);
    expect(detail.data!.alert.transaction).toEqual({ status: 'BLOCKED', decision: 'REVIEW' });

    // The transaction list (transactions_enriched) shows the analyst's block too.
    await waitFor(
      async () => {
        const list = await api.gql<{ transactions: { edges: { node: { id: string; status: string } }[] } }>(
          '{ transactions(filter: { customerId: "c-review" }) { edges { node { id status } } } }',
          {},
          alice,
        );
        return list.data?.transactions.edges.some(
          (edge) => edge.node.id === id && edge.node.status === 'BLOCKED',
        );
      },
      { timeoutMs: 20_000, what: 'transactions to show the block' },
    );

    // The audit trail the dashboard reads (alert_timeline) has every step of the alert, with its actor.
    const activity = await waitFor(
      async () => {
        const result = await api.gql<{
          recentActivity: { alertId: string; type: string; actorId: string }[];
        }>('{ recentActivity(limit: 50) { alertId type actorId } }', {}, alice);
        const mine = result.data?.recentActivity.filter((entry) => entry.alertId === id) ?? [];
        return mine.length === 4 ? mine : undefined;
      },
      { timeoutMs: 20_000, what: 'recentActivity to show the four alert steps' },
    );
    expect(activity.map((entry) => [entry.type, entry.actorId]).sort()).toEqual(
      [
        ['AlertClaimed', 'alice'],
        ['AlertNoteAdded', 'alice'],
        ['AlertRaised', 'system'],
        ['AlertResolved', 'alice'],
      ].sort(),
    );

    // Subscriptions: the raise, then each alert step with the state right after it.
    await waitFor(() => seen.filter((change) => change.id === id).length >= 4 || undefined, {
      timeoutMs: 10_000,
      what: 'four subscription messages',
    });
    expect(seen.filter((change) => change.id === id || change.id === 'error')).toEqual([
      { kind: 'raised', id, status: 'OPEN', assignee: null, version: 1 },
      { kind: 'updated', id, status: 'IN_REVIEW', assignee: 'alice', version: 2 },
      { kind: 'updated', id, status: 'IN_REVIEW', assignee: 'alice', version: 3 },
      { kind: 'updated', id, status: 'RESOLVED', assignee: 'alice', version: 4 },
    ]);
  });

  it('a transaction scoring blocked is released as a false positive, and its alert resolved', async () => {
    const id = await raiseAlert(api.store, { riskScore: 0.94, customerId: 'c-review' });
    await listedAs(id, { status: 'OPEN' });
    await api.gql('mutation($id: ID!) { claimAlert(id: $id) { version } }', { id }, alice);
    const released = await api.gql(
      'mutation($id: ID!) { releaseTransaction(id: $id, reason: "customer confirmed the purchase") { status } }',
      { id },
      alice,
    );
    expect(released.data?.releaseTransaction).toEqual({ status: 'RELEASED' });
    const resolved = await api.gql<{ resolveAlert: { timeline: { type: string; actorId: string }[] } }>(
      'mutation($id: ID!) { resolveAlert(id: $id, disposition: FALSE_POSITIVE, note: "known customer") { timeline { type actorId } } }',
      { id },
      alice,
    );
    expect(resolved.data?.resolveAlert.timeline.map((step) => `${step.type}:${step.actorId}`)).toEqual([
      'AlertRaised:system',
      'TransactionBlocked:system',
      'AlertClaimed:alice',
      'TransactionReleased:alice',
      'AlertResolved:alice',
    ]);
    await listedAs(id, { status: 'RESOLVED', disposition: 'FALSE_POSITIVE' });
  });
});
