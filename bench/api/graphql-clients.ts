// The API benchmark's load: closed-loop clients (each sends its next request when the previous one
// answered) posting GraphQL over node:http keep-alive connections. Used by `npm run bench -- api` and
// by the platform experiment (bench/api/platform-floor, through dist). fetch (undici) cost the client
// process 0.7-1.0 ms of CPU per request on this machine, as much as the API itself, on the same two
// cores; a plain request costs 0.2-0.3 ms (docs/BENCHMARKS.md, "API").
import http from 'node:http';

const REQUEST_TIMEOUT_MS = 30_000;

export interface GraphqlClients {
  /** POSTs one operation; rejects unless the answer is 200 with JSON and no `errors`. */
  post(query: string, variables?: Record<string, unknown>, token?: string): Promise<void>;
  close(): void;
}

export function graphqlClients(port: number, connections: number): GraphqlClients {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return {
    post: (query, variables = {}, token) =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ query, variables });
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let answer: { errors?: { message: string }[] } | null;
              try {
                answer = JSON.parse(text) as { errors?: { message: string }[] } | null;
              } catch {
                answer = null;
              }
              if (response.statusCode !== 200 || answer === null || answer.errors) {
                const reason = answer?.errors?.[0]?.message ?? text.slice(0, 200);
                reject(new Error(`benchmark request answered ${response.statusCode}: ${reason}`));
              } else resolve();
            });
          },
        );
        // A request that never answers fails the run instead of hanging it.
        request.setTimeout(REQUEST_TIMEOUT_MS, () =>
          request.destroy(new Error(`benchmark request got no answer within ${REQUEST_TIMEOUT_MS} ms`)),
        );
        request.on('error', reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** `clients` closed loops of `perClient` calls each: the latencies (ms, sorted) and the wall time. */
export async function closedLoop(
  clients: number,
  perClient: number,
  call: (client: number, n: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; n < perClient; n += 1) {
        const t0 = performance.now();
        await call(client, n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, seconds };
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
