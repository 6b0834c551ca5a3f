// Work cut into statements run a few at a time: how the PostgreSQL adapter sends a large appendMany,
// and how other PostgreSQL writers of large batches (scoring's customer state) do the same (why:
// docs/EVENTSTORE.md, "Large batches"). Parts run `concurrency` at a time, in order of start; after a
// failure no new part starts, and the first error is thrown once the parts in flight have ended, so
// nothing is still writing when the caller retries.
export async function runInParts<Part, Result>(
  parts: readonly Part[],
  concurrency: number,
  work: (part: Part) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(parts.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    for (let index = next++; index < parts.length && !failed; index = next++) {
      try {
        results[index] = await work(parts[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, parts.length));
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/** `items` in consecutive slices of at most `size`. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`slice size must be at least 1, got ${size}`);
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
