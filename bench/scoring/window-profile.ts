// SCORING_BENCH_PROFILE=<file>: a CPU profile of the scoring process over the latency window only
// (the inspector's sampling profiler, 250 us between samples), for finding what stops the event loop
// there. Open the file in Chrome DevTools (Performance) or read its samples and timeDeltas.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface WindowProfile {
  stop(): Promise<string | undefined>;
}

export async function startWindowProfile(file: string | undefined): Promise<WindowProfile> {
  if (!file) return { stop: () => Promise.resolve(undefined) };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
