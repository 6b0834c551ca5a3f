// `npm install && node load.mjs express fastify express fastify` (here, in bench/api/platform-floor):
// starts server.mjs on each platform in turn and drives it like `npm run bench -- api` does (50
// closed-loop clients on keep-alive node:http connections, 20 untimed then 100 timed requests each),
// printing throughput, the server process's CPU per request (/proc, Linux) and p99 per query.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLIENTS = 50;
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100
};

for (const platform of process.argv.slice(2)) {
  const port = 20000 + Math.floor(Math.random() * 10000);
  const server = spawn(process.execPath, ['server.mjs', platform, String(port)], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const post = (query) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ query });
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (answer.errors) reject(new Error(JSON.stringify(answer.errors)));
            else resolve();
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const phase = async (query, perClient) => {
    const latencies = [];
    const cpuBefore = cpuMs(server.pid);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let n = 0; n < perClient; n += 1) {
          const t0 = performance.now();
          await post(query);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const requests = CLIENTS * perClient;
    return {
      perSecond: Math.round(requests / seconds),
      cpuMsPerRequest: ((cpuMs(server.pid) - cpuBefore) / requests).toFixed(3),
      p99: latencies[Math.floor(requests * 0.99)].toFixed(0),
    };
  };
  const results = [];
  for (const [name, query] of [
    ['me', '{ me { id } }'],
    ['alerts', '{ alerts { id status riskScore assignee amount } }'],
  ]) {
    await phase(query, 20);
    const { perSecond, cpuMsPerRequest, p99 } = await phase(query, 100);
    results.push(`${name}: ${perSecond} req/s, server ${cpuMsPerRequest} ms CPU/req, p99 ${p99} ms`);
  }
  process.stdout.write(`${platform.padEnd(8)} ${results.join(' | ')}\n`);
  agent.destroy();
  server.kill();
  await new Promise((resolve) => server.once('exit', resolve));
}
