// Test helpers of the Kafka adapter's specs: whether a promise has settled yet, and a short wait.

/** Tracks whether a promise has settled yet, and with which error. */
export function watch(promise: Promise<void>): { settled: boolean; error: unknown } {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

export const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));
