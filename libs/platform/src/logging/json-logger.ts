// Nest LoggerService that writes one JSON object per line to stdout (stderr for errors), filtered
// by LOG_LEVEL. Log shippers read these lines as they are.
import type { LoggerService } from '@nestjs/common';

const LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LEVELS)[number];

export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'info',
    private readonly write: (line: string, level: LogLevel) => void = defaultWrite,
  ) {
    this.threshold = LEVELS.indexOf(level);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (LEVELS.indexOf(level) > this.threshold) return;
    // Nest passes the context as the last string argument, and a stack before it for errors.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service };
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const extra of rest) {
      if (typeof extra === 'string') entry.stack = extra;
      else if (extra instanceof Error) entry.stack = extra.stack;
      else if (typeof extra === 'object' && extra !== null) Object.assign(entry, extra);
    }
    this.write(JSON.stringify(entry), level);
  }
}

function defaultWrite(line: string, level: LogLevel): void {
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
