// Global setup of the chaos project (`npm run test:chaos`): builds dist like `npm run build`, because
// every suite runs the built services as processes. Each suite starts its own PostgreSQL and Kafka
// (it restarts them), so nothing else is shared; a missing Java is a failure, never a silent skip.
import { execFileSync } from 'node:child_process';
import { checkJava } from '../../tools/kafka/kafka.mjs';

export default async function chaosGlobalSetup() {
  checkJava();
  if (process.env.TEST_SKIP_BUILD === '1') return;
  for (const step of [
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    ['scripts/copy-assets.mjs'],
    ['apps/case-management/web/build.mjs'],
  ]) {
    execFileSync(process.execPath, step, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
