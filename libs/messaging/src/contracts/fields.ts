// Field rules shared by the message contracts and the HTTP intake: one definition of what a valid
// identifier, country, currency, amount and instant is, and one way to name what is wrong.
import { z } from 'zod';

// ISO 3166-1 alpha-2, officially assigned codes.
const COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
    'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ ' +
    'FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ ' +
    'IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH ' +
    'MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL ' +
    'PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD ' +
    'TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);
// ISO 4217 as the runtime's ICU knows it (active currencies).
const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));

export const identifier = (what: string) =>
  z
    .string({ message: `must be a string (${what})` })
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .regex(/^[\w.:@-]+$/, 'may contain only letters, digits and . _ : @ -');

export const countryCode = z
  .string({ message: 'must be a string: an ISO 3166-1 alpha-2 code such as "DE"' })
  .refine((value) => COUNTRY_CODES.has(value), 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "DE"');

export const currencyCode = z
  .string({ message: 'must be a string: an ISO 4217 code such as "EUR"' })
  .refine((value) => CURRENCY_CODES.has(value), 'must be an ISO 4217 code in upper case, e.g. "EUR"');

export const amount = z
  .number({ message: 'must be a number, e.g. 12.5' })
  .refine((value) => Number.isFinite(value) && value > 0, 'must be > 0')
  .refine((value) => value <= 1_000_000_000, 'must be at most 1,000,000,000')
  .refine((value) => Number(value.toFixed(4)) === value, 'must have at most 4 decimal places');

export const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T12:00:00Z',
});

export interface FieldProblem {
  /** Dotted path of the field (`amount`, `transactions.3.country`); empty for the whole body. */
  readonly field: string;
  readonly problem: string;
}

/** Names each wrong, missing or unknown field of a failed parse. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ field: path ? `${path}.${key}` : key, problem: 'is not a known field' });
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      problems.push({ field: path, problem: 'is required' });
    } else {
      problems.push({ field: path, problem: issue.message });
    }
  }
  return problems;
}
