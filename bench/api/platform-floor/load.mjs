// `npm run build` at the repository's root, then here (bench/api/platform-floor): `npm install && node
// load.mjs express fastify express fastify`. Starts server.mjs on each platform in turn and drives it
// with the load of `npm run bench -- api` (bench/api/graphql-clients.ts, from dist: 50 closed-loop
// clients on keep-alive node:http connections, 20 untimed then 100 timed requests each), printing
// throughput, the server process's CPU per request (/proc, Linux) and p99 per query.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CLIENTS = 50;
const shared = path.resolve(import.meta.dirname, '../../../dist/bench/api/graphql-clients.js');
if (!existsSync(shared))
  throw new Error(`${shared} is missing: run \`npm run build\` at the repository's root first`);
const { closedLoop, graphqlClients, percentile } = await import(shared);

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
  const clients = graphqlClients(port, CLIENTS);
  const phase = async (query, perClient) => {
    const cpuBefore = cpuMs(server.pid);
    const { latencies, seconds } = await closedLoop(CLIENTS, perClient, () => clients.post(query));
    return {
      perSecond: Math.round(latencies.length / seconds),
      cpuMsPerRequest: ((cpuMs(server.pid) - cpuBefore) / latencies.length).toFixed(3),
      p99: percentile(latencies, 99).toFixed(0),
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
  clients.close();
  server.kill();
  await new Promise((resolve) => server.once('exit', resolve));
}
