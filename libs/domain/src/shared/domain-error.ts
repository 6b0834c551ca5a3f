// The few ways a command can be refused. The edge maps each code once (GraphQL extensions.code,
// HTTP status); the message names the rule that was broken and what would be allowed.
export type DomainErrorCode = 'BAD_USER_INPUT' | 'INVALID_STATE' | 'FORBIDDEN' | 'NOT_FOUND';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalidInput = (message: string): DomainError => new DomainError('BAD_USER_INPUT', message);
export const invalidState = (message: string): DomainError => new DomainError('INVALID_STATE', message);
export const forbidden = (message: string): DomainError => new DomainError('FORBIDDEN', message);
export const notFound = (message: string): DomainError => new DomainError('NOT_FOUND', message);
