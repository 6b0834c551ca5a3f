// The four services in one process, each on its own port as in production, sharing the demo's bus.
// This file is the composition root of the demo: the one place that imports other apps' modules.
import type { INestApplication } from '@nestjs/common';
import { TRANSACTION_BUS } from '#messaging';
import { createHttpApp, type HttpPlatform, JsonLogger, listenEverywhere, type LogLevel } from '#platform';
import { loadCaseManagementConfig } from '../../case-management/src/case-management.config.js';
import { CaseManagementModule } from '../../case-management/src/case-management.module.js';
import { caseManagementService } from '../../case-management/src/case-management.service.js';
import { loadIngestConfig } from '../../ingest/src/ingest.config.js';
import { IngestModule } from '../../ingest/src/ingest.module.js';
import { loadProjectionsConfig } from '../../projections/src/projections.config.js';
import { ProjectionsModule } from '../../projections/src/projections.module.js';
import { loadScoringConfig } from '../../scoring/src/scoring.config.js';
import { ScoringModule } from '../../scoring/src/scoring.module.js';
import type { DemoInfrastructure } from './demo-infrastructure.js';

export interface DemoPorts {
  readonly caseManagement: number;
  readonly ingest: number;
  readonly scoring: number;
  readonly projections: number;
}

export function demoPorts(env: Record<string, string | undefined> = process.env): DemoPorts {
  return {
    caseManagement: Number(env.PORT ?? 3000),
    ingest: Number(env.INGEST_PORT ?? 3001),
    scoring: Number(env.SCORING_PORT ?? 3002),
    projections: Number(env.PROJECTIONS_PORT ?? 3003),
  };
}

export async function startDemoApps(infrastructure: DemoInfrastructure): Promise<INestApplication[]> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    // The demo's events live in its embedded PostgreSQL, whatever EVENT_STORE the shell sets.
    EVENT_STORE: 'postgres',
    DATABASE_URL: infrastructure.databaseUrl,
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    JWT_SECRET: infrastructure.jwtSecret,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const level = (env.LOG_LEVEL ?? 'warn') as LogLevel;
  const bus = { provide: TRANSACTION_BUS, useValue: infrastructure.bus };
  const ports = demoPorts(env);
  const apps: Array<{ name: string; port: number; module: () => unknown; http?: HttpPlatform }> = [
    {
      name: 'projections',
      port: ports.projections,
      module: () => ProjectionsModule.create(loadProjectionsConfig(env)),
    },
    {
      name: 'scoring',
      port: ports.scoring,
      module: () => ScoringModule.create(loadScoringConfig(env), { bus: infrastructure.bus }),
    },
    {
      name: 'case-management',
      port: ports.caseManagement,
      module: () => CaseManagementModule.create(loadCaseManagementConfig(env)),
      http: caseManagementService.http,
    },
    { name: 'ingest', port: ports.ingest, module: () => IngestModule.create(loadIngestConfig(env), bus) },
  ];
  const started: INestApplication[] = [];
  // One logger for the four: Nest's Logger instances write through one process-wide logger (the
  // last app created would otherwise label every line, e.g. "service":"ingest" on scoring's);
  // the context field says which part of which service spoke.
  const logger = new JsonLogger('demo', level);
  try {
    for (const app of apps) {
      const nest = await createHttpApp(app.module(), app.http ?? 'express', { logger });
      await listenEverywhere(nest, app.port);
      started.push(nest);
    }
  } catch (error) {
    await stopDemoApps(started);
    throw error;
  }
  return started;
}

/** Newest first: ingest stops taking traffic before scoring and projections drain. */
export async function stopDemoApps(apps: readonly INestApplication[]): Promise<void> {
  const failures: unknown[] = [];
  for (const app of [...apps].reverse()) {
    // One service failing to close must not leave the others (and their connections) running.
    await app.close().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} service(s) failed to stop cleanly`);
}
