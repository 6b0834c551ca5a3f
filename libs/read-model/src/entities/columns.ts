// Column helpers shared by the entities: numeric money comes back from node-postgres as a string,
// and the API wants numbers (amounts stay far below 2^53 cents, so a double holds them exactly enough).
import type { ValueTransformer } from 'typeorm';

export const moneyTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const money = { type: 'numeric', precision: 19, scale: 4, transformer: moneyTransformer } as const;
export const nullableMoney = { ...money, nullable: true } as const;
