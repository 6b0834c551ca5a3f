// What every mutation hands to its command: the caller from the GraphQL context (the guard has
// already refused anonymous callers), the correlation id, and the version the client read.
import type { ApiContext } from '../auth/api-context.js';
import type { CommandContext } from '../event-store/execute-command.js';
import { optionalVersion } from './validate-input.js';

export const commandContext = (
  context: ApiContext,
  expectedVersion: number | null | undefined,
): CommandContext => ({
  actor: context.actor!,
  correlationId: context.correlationId,
  expectedVersion: optionalVersion(expectedVersion),
});
