// The four services as separate processes (`node dist/apps/<app>/src/main.js`) on ports of their
// own, with the orchestrator's part: a SIGKILLed service is started again (as Kubernetes or
// compose would), while a service that only lost its database or broker must recover by itself.
import path from 'node:path';
import { waitFor } from '#testing';
import {
  freePort,
  type ServiceProcess,
  startServiceProcess,
  waitForHealth,
} from '../../services/service-process.js';

export type App = 'ingest' | 'scoring' | 'projections' | 'case-management';

const PORT_VARIABLE: Record<App, string> = {
  ingest: 'INGEST_PORT',
  scoring: 'SCORING_PORT',
  projections: 'PROJECTIONS_PORT',
  'case-management': 'PORT',
};

export const CHAOS_JWT_SECRET = 'chaos-secret-chaos-secret-chaos-secret-0123';

export interface FleetOptions {
  readonly databaseUrl: string;
  readonly brokers: string;
  /** Extra variables per app (batch sizes, group ids...). */
  readonly env?: Partial<Record<App, Record<string, string>>>;
}

interface Running {
  readonly port: number;
  service: ServiceProcess;
  starts: number;
}

export class ServiceFleet {
  private readonly running = new Map<App, Running>();
  /** Output of processes that were killed, kept for a failure's diagnosis. */
  private readonly pastOutput: string[] = [];

  constructor(private readonly options: FleetOptions) {}

  private environment(app: App, port: number): Record<string, string> {
    return {
      DATABASE_URL: this.options.databaseUrl,
      KAFKA_BROKERS: this.options.brokers,
      MODEL_PATH: path.resolve('models/current.onnx'),
      JWT_SECRET: CHAOS_JWT_SECRET,
      LOG_LEVEL: 'warn',
      [PORT_VARIABLE[app]]: String(port),
      ...this.options.env?.[app],
    };
  }

  async start(app: App): Promise<void> {
    const existing = this.running.get(app);
    const port = existing?.port ?? (await freePort());
    const service = startServiceProcess(app, this.environment(app, port));
    if (existing) existing.service = service;
    else this.running.set(app, { port, service, starts: 0 });
    this.running.get(app)!.starts += 1;
    await waitForHealth(port, service);
  }

  /** SIGKILL, then the orchestrator's restart after `downMs`. */
  async killAndRestart(app: App, downMs: number): Promise<void> {
    const entry = this.entry(app);
    entry.service.child.kill('SIGKILL');
    await entry.service.stop();
    this.pastOutput.push(`--- ${app} (killed) ---\n${entry.service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start(app);
  }

  port(app: App): number {
    return this.entry(app).port;
  }

  pid(app: App): number {
    return this.entry(app).service.child.pid ?? -1;
  }

  /** Process starts of the app, the first included. */
  starts(app: App): number {
    return this.entry(app).starts;
  }

  url(app: App, pathName = ''): string {
    return `http://127.0.0.1:${this.port(app)}${pathName}`;
  }

  async ready(app: App): Promise<{ status: number; body: unknown }> {
    const response = await fetch(this.url(app, '/ready'));
    return { status: response.status, body: (await response.json()) as unknown };
  }

  /**
   * Waits until every running app answers /ready with 200, without restarting anything; returns the
   * seconds each app took (which one was last to recover is what a slow recovery needs to know).
   */
  async waitAllReady(timeoutMs: number): Promise<Record<string, number>> {
    const started = Date.now();
    const apps = [...this.running.keys()];
    const seconds = await Promise.all(
      apps.map(async (app) => {
        await waitFor(
          async () => {
            const entry = this.entry(app);
            if (entry.service.child.exitCode !== null) {
              // Its last words are the diagnosis: a CI log has nothing else to go on.
              const tail = entry.service.output().slice(-4_000);
              throw new Error(
                `${app} exited with ${entry.service.child.exitCode}; its last output:\n${tail}`,
              );
            }
            const { status, body } = await this.ready(app);
            // Thrown, not returned: on a timeout waitFor reports the last error, i.e. what was not ready.
            if (status !== 200) throw new Error(`/ready ${status} ${JSON.stringify(body)}`);
            return true;
          },
          { timeoutMs, intervalMs: 250, what: `${app} /ready to answer 200 by itself` },
        );
        return (Date.now() - started) / 1000;
      }),
    );
    return Object.fromEntries(apps.map((app, index) => [app, seconds[index]!]));
  }

  /** The processes still alive and never restarted since `pids` was taken. */
  pids(): Record<string, number> {
    return Object.fromEntries([...this.running.keys()].map((app) => [app, this.pid(app)]));
  }

  output(): string {
    const live = [...this.running].map(([app, { service }]) => `--- ${app} ---\n${service.output()}`);
    return [...this.pastOutput, ...live].join('\n').slice(-20_000);
  }

  /** SIGTERM, and SIGKILL for a process still there after 15 s (a stuck shutdown must not hang the suite). */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async ({ service }) => {
        const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
        await service.stop();
        clearTimeout(timer);
      }),
    );
    this.running.clear();
  }

  private entry(app: App): Running {
    const entry = this.running.get(app);
    if (!entry) throw new Error(`${app} was never started in this fleet: call start('${app}') first.`);
    return entry;
  }
}
