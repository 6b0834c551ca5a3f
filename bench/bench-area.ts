// What a benchmark area provides to the runner.
export interface BenchRow {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** Target from the issue, e.g. ">= 30000"; empty when there is none. */
  readonly target?: string;
  readonly note?: string;
}

export interface BenchArea {
  readonly name: string;
  readonly description: string;
  run(options: { quick: boolean }): Promise<{ rows: BenchRow[]; details?: unknown }>;
}
