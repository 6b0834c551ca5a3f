// Input checks at the edge, before anything is loaded: ids and versions a client sends.
import { ApiError } from './api-error.js';

const ID = /^[\w.:-]{1,200}$/;

export function requireId(field: string, value: string): string {
  const id = value.trim();
  if (!ID.test(id)) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `${field} ${JSON.stringify(value.slice(0, 60))} is not an id: use 1-200 letters, digits, '_', '.', ':' or '-'`,
    );
  }
  return id;
}

export function optionalVersion(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `expectedVersion must be a whole number >= 0 (the version you read), got ${value}`,
    );
  }
  return value;
}

export function pageSize(value: number | null | undefined, fallback: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ApiError('BAD_USER_INPUT', `first/limit must be between 1 and ${max}, got ${value}`);
  }
  return value;
}
