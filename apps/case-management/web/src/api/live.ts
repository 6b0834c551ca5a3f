// Live updates: alertRaised and alertUpdated over graphql-ws, the token in connection_init. One
// connection for the whole console; views listen while they are on screen.
import { createClient, type Client } from 'graphql-ws';
import { storedToken } from '../session.js';
import { GRAPHQL_PATH } from './graphql-client.js';
import { ALERT_RAISED, ALERT_UPDATED, type AlertSummary } from './operations.js';

export type LiveStatus = 'connecting' | 'live' | 'offline';
export interface LiveEvent {
  readonly kind: 'raised' | 'updated';
  readonly alert: AlertSummary;
}

const listeners = new Set<(event: LiveEvent) => void>();
const statusListeners = new Set<(status: LiveStatus, detail?: string) => void>();
let client: Client | null = null;
let stops: (() => void)[] = [];
let current: { status: LiveStatus; detail?: string } = { status: 'offline' };

const setStatus = (status: LiveStatus, detail?: string) => {
  current = { status, ...(detail === undefined ? {} : { detail }) };
  statusListeners.forEach((l) => l(status, detail));
};

export function onLiveStatus(listener: (status: LiveStatus, detail?: string) => void): () => void {
  statusListeners.add(listener);
  // A screen drawn after the connection opened still shows the truth at once.
  listener(current.status, current.detail);
  return () => statusListeners.delete(listener);
}

export function onLiveEvent(listener: (event: LiveEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function connectLive(): void {
  if (client) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
  const live = createClient({
    url,
    connectionParams: () => ({ authorization: `Bearer ${storedToken() ?? ''}` }),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connecting: () => setStatus('connecting'),
      connected: () => setStatus('live'),
      closed: () => setStatus('offline', 'live connection closed; reconnecting'),
    },
  });
  client = live;
  const subscribe = (query: string, field: 'alertRaised' | 'alertUpdated', kind: LiveEvent['kind']) =>
    live.subscribe<Record<string, AlertSummary>>(
      { query },
      {
        next: (result) => {
          if (result.errors?.length) {
            setStatus('offline', result.errors.map((e) => e.message).join('; '));
            return;
          }
          const alert = result.data?.[field];
          if (alert) listeners.forEach((l) => l({ kind, alert }));
        },
        // The server refused the subscription (e.g. a bad token): say why; the shell shows it.
        error: (error: unknown) =>
          setStatus(
            'offline',
            Array.isArray(error)
              ? error.map((e: { message?: string }) => e.message).join('; ')
              : error instanceof Error
                ? error.message
                : 'live updates failed',
          ),
        complete: () => undefined,
      },
    );
  stops = [
    subscribe(ALERT_RAISED, 'alertRaised', 'raised'),
    subscribe(ALERT_UPDATED, 'alertUpdated', 'updated'),
  ];
}

/** On sign-out: the socket carries the old token, so it must not outlive the session. */
export function disconnectLive(): void {
  stops.forEach((stop) => stop());
  stops = [];
  void client?.dispose();
  client = null;
  setStatus('offline');
}
