// allSettledOrThrow: a batch's writes queued together all finish before the batch fails, so none
// runs after the runner rolls the batch back.
import { allSettledOrThrow } from './fold-and-write.js';

describe('allSettledOrThrow', () => {
  it('given one write that fails at once and one still running, when awaited, then it throws the failure only after the running one has finished', async () => {
    // Given
    const order: string[] = [];
    const failing = Promise.reject(new Error('first failure'));
    const running = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('running finished');
        resolve();
      }, 20),
    );

    // When
    const outcome = allSettledOrThrow([failing, undefined, running]).catch((error: Error) => {
      order.push(`threw ${error.message}`);
    });
    await outcome;

    // Then
    expect(order).toEqual(['running finished', 'threw first failure']);
  });

  it('given writes that all succeed, when awaited, then it resolves', async () => {
    await expect(allSettledOrThrow([Promise.resolve(1), undefined])).resolves.toBeUndefined();
  });
});
