// The one error format of the ingest API:
//   { "error": { "code": "BAD_REQUEST", "message": "...", "details": [{ "field": "amount", "problem": "must be > 0" }] } }
// Codes are few and stable; the message says what is wrong and how to fix it.
import type { FieldProblem } from '#messaging';

export const ERROR_CODES = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: readonly FieldProblem[];
  };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly FieldProblem[],
    /** Seconds a client should wait before retrying (503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }

  static invalid(what: string, details: readonly FieldProblem[]): ApiError {
    const fields = [...new Set(details.map((detail) => detail.field || '(body)'))];
    const shown =
      fields.slice(0, 5).join(', ') + (fields.length > 5 ? `, and ${fields.length - 5} more` : '');
    return new ApiError('BAD_REQUEST', `Invalid ${what}: fix ${shown} (see details).`, details);
  }
}
