import { JsonLogger, type LogLevel } from './json-logger.js';

function capture(level: LogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger('scoring', level, (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, level and context', () => {
    const { logger, lines } = capture('info');
    logger.log('consumer started', 'KafkaConsumer');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'scoring',
        context: 'KafkaConsumer',
        msg: 'consumer started',
      }),
    ]);
    expect(Date.parse(lines[0]!.time as string)).not.toBeNaN();
  });

  it('merges structured fields and keeps error stacks', () => {
    const { logger, lines } = capture('info');
    logger.log({ msg: 'batch scored', size: 500 });
    logger.error(new Error('append failed'));
    expect(lines[0]).toMatchObject({ msg: 'batch scored', size: 500 });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'append failed' });
    expect(lines[1]!.stack).toContain('append failed');
  });

  it('drops messages below LOG_LEVEL', () => {
    const { logger, lines } = capture('warn');
    logger.log('noise');
    logger.debug('more noise');
    logger.warn('lag growing');
    expect(lines.map((line) => line.msg)).toEqual(['lag growing']);
  });
});
