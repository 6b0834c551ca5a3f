// Where the event store reports trouble it recovers from by itself (a pooled connection killed by
// the server, a lost LISTEN connection): nothing a caller must handle, but never silent. Any logger
// with `warn` fits (console, Nest's Logger, the platform's JsonLogger).
export interface EventStoreLogger {
  warn(message: string): void;
}

/** The default: one line on stderr (pass the service's logger to get its format). */
export const consoleLogger: EventStoreLogger = {
  warn: (message) => {
    process.stderr.write(`${message}\n`);
  },
};
