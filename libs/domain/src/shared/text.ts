// Free text an analyst must give (notes, reasons): required, trimmed, bounded.
import { invalidInput } from './domain-error.js';

export const MAX_TEXT_LENGTH = 4000;

export function requiredText(field: string, value: string | undefined | null): string {
  const text = (value ?? '').trim();
  if (text.length === 0) throw invalidInput(`${field} is required: say why, in a few words`);
  if (text.length > MAX_TEXT_LENGTH) {
    throw invalidInput(`${field} is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed`);
  }
  return text;
}
