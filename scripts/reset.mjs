// `npm run reset`: wipes the one-process demo's data (./.data: embedded PostgreSQL, JWT secret,
// simulator position). Refuses while the demo is running.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const dataDir = path.resolve(process.env.DEMO_DATA_DIR ?? '.data');
const pidFile = path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let running = false;
  try {
    process.kill(pid, 0);
    running = true;
  } catch {
    running = false;
  }
  if (running) {
    console.error(`reset: the demo's PostgreSQL (pid ${pid}) is running: stop \`npm start\` first (Ctrl-C).`);
    process.exit(1);
  }
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`reset: removed ${dataDir}`);
