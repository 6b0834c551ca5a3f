import { defaultThresholds, FALLBACK_THRESHOLDS, type ModelMetadata } from './model-metadata.js';

const metadata = (raw: Record<string, unknown>): ModelMetadata => ({ path: 'models/x.json', raw });

describe('default thresholds from the model metadata', () => {
  it('reads thresholds {review, block}, the shape npm run train writes and scoring uses', () => {
    expect(defaultThresholds(metadata({ thresholds: { review: 0.04, block: 0.45, costs: {} } }))).toEqual({
      reviewThreshold: 0.04,
      blockThreshold: 0.45,
    });
  });

  it('reads defaultThresholds {reviewThreshold, blockThreshold}', () => {
    expect(
      defaultThresholds(metadata({ defaultThresholds: { reviewThreshold: 0.3, blockThreshold: 0.8 } })),
    ).toEqual({ reviewThreshold: 0.3, blockThreshold: 0.8 });
  });

  it('falls back to 0.5 / 0.9 without metadata, or with thresholds out of [0, 1] or review above block', () => {
    expect(defaultThresholds(undefined)).toEqual(FALLBACK_THRESHOLDS);
    expect(defaultThresholds(metadata({ thresholds: { review: 1.5, block: 0.9 } }))).toEqual(
      FALLBACK_THRESHOLDS,
    );
    expect(defaultThresholds(metadata({ thresholds: { review: 0.9, block: 0.4 } }))).toEqual(
      FALLBACK_THRESHOLDS,
    );
  });
});
