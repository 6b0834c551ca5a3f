// The SVG renderers are pure: given data, the markup carries the shapes, labels and descriptions.
import { renderFraudRateChart } from './fraud-rate-chart.js';
import { renderModelComparison } from './model-comparison-chart.js';
import { linearScale, niceMax, niceTicks } from './scale.js';
import { bandOf, renderScoreHistogram } from './score-histogram.js';
import { cheapest, pointAt, renderThresholdCurves, type ThresholdPoint } from './threshold-curves.js';

describe('scales', () => {
  it('a linear scale maps the domain ends onto the range ends and inverts a flipped range', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
  });

  it('nice ticks are round numbers covering the span', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.037, 4)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(niceMax(0.037)).toBeCloseTo(0.04);
    expect(niceMax(0)).toBe(1);
  });
});

describe('fraud rate chart', () => {
  it('given buckets, draws one line and one area and says the latest rate to screen readers', () => {
    const markup = renderFraudRateChart([
      { at: '2025-01-01T10:00:00Z', rate: 0.01, transactions: 100 },
      { at: '2025-01-01T10:05:00Z', rate: 0.03, transactions: 120 },
    ]);
    expect(markup.match(/class="line"/g)).toHaveLength(1);
    expect(markup).toContain('class="area"');
    expect(markup).toContain('role="img"');
    expect(markup).toContain('latest rate 3.00%');
    expect(markup).toContain('220 transactions');
  });

  it('given no data, says so instead of drawing an empty frame', () => {
    expect(renderFraudRateChart([])).toContain('No transactions in this window yet');
  });
});

describe('score histogram', () => {
  const bins = [
    { from: 0, to: 0.5, count: 90 },
    { from: 0.5, to: 0.9, count: 8 },
    { from: 0.9, to: 1, count: 2 },
  ];
  const thresholds = { reviewThreshold: 0.5, blockThreshold: 0.9 };

  it('colours each bar by what the current policy does with those scores', () => {
    expect(bins.map((b) => bandOf(b, thresholds))).toEqual(['approve', 'review', 'block']);
    const markup = renderScoreHistogram(bins, thresholds);
    expect(markup.match(/class="bar /g)).toHaveLength(3);
    expect(markup).toContain('class="bar block"');
  });

  it('draws the review and block thresholds and counts what lies above each', () => {
    const markup = renderScoreHistogram(bins, thresholds);
    expect(markup).toContain('review 0.5');
    expect(markup).toContain('block 0.9');
    expect(markup).toContain(
      '10 at or above the review threshold 0.5, 2 at or above the block threshold 0.9',
    );
  });

  it('switches to a log count axis when one bin dwarfs the tail, so every non-empty bin stays visible', () => {
    const skewed = [
      { from: 0, to: 0.05, count: 100_000 },
      { from: 0.5, to: 0.55, count: 3 },
    ];
    const markup = renderScoreHistogram(skewed, thresholds);
    expect(markup).toContain('(log scale)');
    const heights = [...markup.matchAll(/class="bar [a-z]+"[^>]*height="([\d.]+)"/g)].map((match) =>
      Number(match[1]),
    );
    expect(heights[1]).toBeGreaterThan(heights[0]! / 10);
    expect(renderScoreHistogram(bins, thresholds)).not.toContain('(log scale)');
  });

  it('escapes text that reaches the markup', () => {
    expect(renderScoreHistogram([], null)).not.toContain('<script');
  });
});

describe('threshold curves', () => {
  const points: ThresholdPoint[] = [0.1, 0.3, 0.5, 0.7, 0.9].map((threshold) => ({
    threshold,
    precision: threshold,
    recall: 1 - threshold,
    alertVolume: Math.round(1000 * (1 - threshold)),
    expectedCost: Math.abs(threshold - 0.5) * 100 + 10,
  }));

  it('the what-if readout uses the analysed point nearest the marker', () => {
    expect(pointAt(points, 0.62)?.threshold).toBe(0.7);
    expect(cheapest(points)?.threshold).toBe(0.5);
    const markup = renderThresholdCurves(points, 0.62, { reviewThreshold: 0.5, blockThreshold: 0.9 });
    expect(markup).toContain('what-if 0.62');
    expect(markup).toContain('at 0.70: precision 70.0%, recall 30.0%, 300 alerts');
  });

  it('draws the four curves and the thresholds in force', () => {
    const markup = renderThresholdCurves(points, 0.5, { reviewThreshold: 0.5, blockThreshold: 0.9 });
    for (const key of ['precision', 'recall', 'alertVolume', 'expectedCost']) {
      expect(markup).toContain(`class="curve ${key}"`);
    }
    expect(markup).toContain('marker review');
    expect(markup).toContain('marker block');
  });

  it('without labelled outcomes, tells the supervisor how to get curves', () => {
    expect(renderThresholdCurves([], 0.5, null)).toContain('resolve alerts to build the curves');
  });
});

describe('model comparison chart', () => {
  const versions = { champion: 'v1', challenger: 'v2' };
  it('given two models, draws a bar per model and rate and says every figure to screen readers', () => {
    const markup = renderModelComparison(
      [
        { label: 'Alert rate', champion: 0.1, challenger: 0.2 },
        { label: 'Precision', champion: 0.5, challenger: null },
      ],
      versions,
    );
    expect(markup.match(/<rect class="bar champion"/g)).toHaveLength(3); // 2 bars + legend
    expect(markup.match(/<rect class="bar challenger"/g)).toHaveLength(3);
    expect(markup).toContain(
      '<desc>Alert rate: champion 10.0%, challenger 20.0%; Precision: champion 50.0%, challenger n/a</desc>',
    );
    // A rate without an answer is written, not drawn as zero.
    expect(markup).toMatch(/width="0" height="[\d.]+"\/><text class="value"[^>]*>n\/a<\/text>/);
  });

  it('escapes versions and says when there is nothing to compare', () => {
    expect(renderModelComparison([], { champion: '<v1>', challenger: 'v2' })).toContain(
      'No shadow-scored transactions in this window',
    );
    expect(renderModelComparison([], { champion: '<v1>', challenger: 'v2' })).not.toContain('<v1>');
  });
});
