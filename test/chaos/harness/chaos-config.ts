// How big a chaos run is, which seed drives it, and where its figures go. CI runs the `ci` scale
// (the whole suite in about 6-8 minutes on 2 cores); CHAOS_SCALE=full runs the long, heavy version.
// Every random choice of a run (fault times, victims, generated payloads, simulated traffic) comes
// from one printed seed, so `CHAOS_SEED=<seed> npm run test:chaos` repeats a failing run.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ChaosScale = 'ci' | 'full';

export function chaosScale(env: Record<string, string | undefined> = process.env): ChaosScale {
  const value = env.CHAOS_SCALE ?? 'ci';
  if (value === 'ci' || value === 'full') return value;
  throw new Error(`CHAOS_SCALE="${value}" is not a scale: use "ci" (default, CI-sized) or "full".`);
}

/** The run's seed: CHAOS_SEED when given, else a random one. Printed by `announce`. */
export function chaosSeed(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CHAOS_SEED;
  if (raw === undefined || raw === '') return 1 + Math.floor(Math.random() * 2 ** 31);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed <= 0) {
    throw new Error(`CHAOS_SEED="${raw}" is not a seed: use a positive whole number, e.g. CHAOS_SEED=42.`);
  }
  return seed;
}

/** A seeded generator (xorshift32): the same seed gives the same fault schedule. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Prints what a suite runs with (so a failure can be repeated) on stderr, which Jest shows at once. */
export function announce(suite: string, seed: number, details: Record<string, unknown>): void {
  process.stderr.write(
    `\n[chaos] ${suite}: seed ${seed}, scale ${chaosScale()} (repeat: CHAOS_SEED=${seed} CHAOS_SCALE=${chaosScale()} npm run test:chaos -- test/chaos/${suite})\n` +
      `[chaos] ${suite}: ${JSON.stringify(details)}\n`,
  );
}

/** Prints a suite's figures and writes them to CHAOS_REPORT_DIR (default <tmp>/fraud-platform-chaos). */
export function reportFigures(suite: string, figures: Record<string, unknown>): string {
  const folder = process.env.CHAOS_REPORT_DIR ?? path.join(os.tmpdir(), 'fraud-platform-chaos');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${suite}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ suite, scale: chaosScale(), at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
  process.stderr.write(`\n[chaos] ${suite} figures (${file}):\n${JSON.stringify(figures, null, 2)}\n`);
  return file;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
