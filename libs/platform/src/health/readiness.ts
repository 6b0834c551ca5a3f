// Readiness registry: each component that must be up for the service to do its work registers a
// check; /ready reports every check and answers 503 while any fails.
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export class Readiness {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          return [check.name, await check.check()] as const;
        } catch (error) {
          return [
            check.name,
            { ok: false, detail: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
  }
}
