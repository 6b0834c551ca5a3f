// Without Java, starting a broker fails at once with a code the test setup turns into a loud skip
// (or, with REQUIRE_KAFKA=1, a failure) and a message saying what to install. Run in a child
// process: child_process reads the real environment, not Jest's sandboxed copy of it.
import { spawnSync } from 'node:child_process';

function startWithoutJava(): { code?: string; message?: string } {
  const script = `import('./tools/kafka/kafka.mjs')
    .then((kafka) => kafka.startKafka())
    .then(async (handle) => { await handle.stop(); console.log(JSON.stringify({ code: 'STARTED' })); })
    .catch((error) => console.log(JSON.stringify({ code: error.code, message: error.message })));`;
  const env: Record<string, string> = { PATH: '/nonexistent', HOME: process.env.HOME ?? '/tmp' };
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; message?: string };
}

describe('tools/kafka without Java', () => {
  it('refuses to start with KAFKA_JAVA_MISSING and says what to install', () => {
    const outcome = startWithoutJava();
    expect(outcome.code).toBe('KAFKA_JAVA_MISSING');
    expect(outcome.message).toMatch(/Java 17\+ runtime.*apt-get install openjdk-17-jre-headless/);
  });
});

describe('tools/kafka cluster ids', () => {
  it('never start with "-", which kafka-storage would read as an option', async () => {
    // A plain .mjs without typings: imported by a computed name, typed here.
    const tool = './kafka.mjs';
    const { randomClusterId } = (await import(tool)) as { randomClusterId: () => string };
    // One id in 64 would start with '-' if drawn once: 20,000 draws would show it ~300 times.
    const ids = Array.from({ length: 20_000 }, () => randomClusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
