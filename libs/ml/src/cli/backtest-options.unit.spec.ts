import { BacktestUsageError, candidateThresholds, parseBacktestCommand } from './backtest-options.js';

const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/fraud' };

describe('npm run backtest options', () => {
  it('reads the model, thresholds, window and costs', () => {
    const command = parseBacktestCommand(
      [
        '--model',
        'm.onnx',
        '--review',
        '0.3',
        '--block',
        '0.8',
        '--from',
        '2025-01-01T00:00:00Z',
        '--to',
        '2025-02-01T00:00:00Z',
        '--fn-cost',
        '250',
      ],
      env,
    );
    expect(command).toMatchObject({
      modelPath: 'm.onnx',
      review: 0.3,
      block: 0.8,
      from: Date.parse('2025-01-01T00:00:00Z'),
      to: Date.parse('2025-02-01T00:00:00Z'),
      costs: { falsePositive: 5, falseNegative: 250 },
      store: { kind: 'postgres', url: env.DATABASE_URL },
    });
  });

  it.each([
    [[], /--model FILE is required/],
    [['--model', 'm.onnx', '--review', '1.5'], /--review must be a number in \[0, 1\], got "1.5"/],
    [
      ['--model', 'm.onnx', '--review', '0.9', '--block', '0.5'],
      /reviewThreshold \(0.9\) must be <= blockThreshold \(0.5\)/,
    ],
    [['--model', 'm.onnx', '--from', 'yesterday'], /--from must be an ISO 8601 instant/],
    [
      ['--model', 'm.onnx', '--from', '2025-02-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z'],
      /must be before --to/,
    ],
    [['--model', 'm.onnx', '--fp-cost=-1'], /--fp-cost must be a non-negative number/],
  ])('refuses %j naming the problem', (argv, message) => {
    expect(() => parseBacktestCommand(argv, env)).toThrow(message);
  });

  it('names the variable when the store is not configured', () => {
    expect(() => parseBacktestCommand(['--model', 'm.onnx'], {})).toThrow(
      /DATABASE_URL must be the event store's PostgreSQL connection string/,
    );
    expect(() => parseBacktestCommand(['--model', 'm.onnx'], { EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_URL must be an esdb:\/\//,
    );
    expect(
      parseBacktestCommand(['--model', 'm.onnx'], {
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false',
      }).store,
    ).toEqual({
      kind: 'eventstoredb',
      url: 'esdb://127.0.0.1:2113?tls=false',
    });
  });

  it("one threshold flag keeps the model's other value, and the pair must still be ordered", () => {
    const command = parseBacktestCommand(['--model', 'm.onnx', '--review', '0.7'], env);
    expect(candidateThresholds(command, { review: 0.5, block: 0.9 })).toEqual({
      reviewThreshold: 0.7,
      blockThreshold: 0.9,
    });
    const inverted = parseBacktestCommand(['--model', 'm.onnx', '--review', '0.95'], env);
    expect(() => candidateThresholds(inverted, { review: 0.5, block: 0.9 })).toThrow(BacktestUsageError);
  });
});
