// Bytes on a topic <-> contract messages. Decoding never throws on bad input: it returns what is
// wrong, so a consumer can dead-letter the message with that reason instead of crashing.
import type { z } from 'zod';
import { type FieldProblem, fieldProblems } from './fields.js';

export type Decoded<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly problems: FieldProblem[]; readonly reason: string };

export function encodeMessage(message: object): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export function decodeMessage<Schema extends z.ZodType>(
  schema: Schema,
  bytes: Buffer | Uint8Array | string,
): Decoded<z.infer<Schema>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    const reason = `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problems: [{ field: '', problem: reason }], reason };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const problems = fieldProblems(result.error);
  return {
    ok: false,
    problems,
    reason: problems.map((problem) => `${problem.field || '(message)'} ${problem.problem}`).join('; '),
  };
}
