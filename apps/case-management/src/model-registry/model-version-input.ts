// The model version a client names in a registry mutation: checked at the edge before anything is
// loaded (the decider then says whether it is registered, listing the known ones).
import { ApiError } from '../graphql/api-error.js';

const MAX_VERSION_LENGTH = 200;

export function modelVersionInput(value: string): string {
  if (value.trim().length === 0 || value.length > MAX_VERSION_LENGTH) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `version must name a registered model (1-${MAX_VERSION_LENGTH} characters, see the models query), got ${JSON.stringify(value.slice(0, 60))}`,
    );
  }
  return value;
}
