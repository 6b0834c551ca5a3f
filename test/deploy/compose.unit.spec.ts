// docker compose cannot run on the development machines (no Docker engine), so this checks the
// compose file against what the apps actually require: every variable each service's config schema
// needs is set and valid, ports agree with health checks, dependencies exist, scoring can scale.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { caseManagementConfigSchema } from '../../apps/case-management/src/case-management.config.js';
import { ingestConfigSchema } from '../../apps/ingest/src/ingest.config.js';
import { projectionsConfigSchema } from '../../apps/projections/src/projections.config.js';
import { scoringConfigSchema } from '../../apps/scoring/src/scoring.config.js';
import { serviceNodeFlags } from '../../bench/service-flags.js';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  container_name?: string;
  profiles?: string[];
  image?: string;
  build?: unknown;
  healthcheck?: unknown;
}

const raw = readFileSync('docker-compose.yml', 'utf8');
const compose = parse(raw, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** What `docker compose` does with ${VAR}, ${VAR:-default} and ${VAR:?error}, given an environment. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g,
    (_match, name: string, kind?: string, arg?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (kind === '-') return arg ?? '';
      if (kind === '?') throw new Error(`compose would refuse to start: ${name}: ${arg}`);
      return '';
    },
  );
}

const operatorEnv = { JWT_SECRET: 'a-secret-the-operator-provides-32chars!' };
const environmentOf = (name: string, env: Record<string, string> = operatorEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[name]?.environment ?? {}).map(([key, value]) => [
      key,
      interpolate(String(value), env),
    ]),
  );

const apps: Array<{ service: string; schema: z.ZodType; portVariable: string; main: string }> = [
  {
    service: 'ingest',
    schema: ingestConfigSchema,
    portVariable: 'INGEST_PORT',
    main: 'apps/ingest/src/main.ts',
  },
  {
    service: 'scoring',
    schema: scoringConfigSchema,
    portVariable: 'SCORING_PORT',
    main: 'apps/scoring/src/main.ts',
  },
  {
    service: 'projections',
    schema: projectionsConfigSchema,
    portVariable: 'PROJECTIONS_PORT',
    main: 'apps/projections/src/main.ts',
  },
  {
    service: 'case-management',
    schema: caseManagementConfigSchema,
    portVariable: 'PORT',
    main: 'apps/case-management/src/main.ts',
  },
];

describe('docker-compose.yml', () => {
  describe.each(apps)('$service', ({ service, schema, portVariable, main }) => {
    const definition = services[service]!;
    const env = environmentOf(service);

    it("sets every variable the service's configuration schema requires, with valid values", () => {
      const result = schema.safeParse(env);
      expect(
        result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      ).toEqual([]);
    });

    it('runs the built entry point of the service', () => {
      expect(definition.command).toEqual(['node', main.replace(/^/, 'dist/').replace(/\.ts$/, '.js')]);
      expect(existsSync(main)).toBe(true);
    });

    it('runs Node with the flags of `npm run start:<service>` (heap settings measured there)', () => {
      expect(env.NODE_OPTIONS ?? '').toBe(serviceNodeFlags(service).join(' '));
    });

    it('health-checks the port the service listens on, and publishes only that port', () => {
      const port = env[portVariable];
      expect(port).toMatch(/^\d+$/);
      expect(env.HEALTHCHECK_URL).toBe(`http://127.0.0.1:${port}/health`);
      for (const mapping of [...(definition.ports ?? []), ...(definition.expose ?? [])]) {
        expect(mapping.split(':').at(-1)).toBe(port);
      }
    });

    it('depends on the servers it connects to, which exist in the file', () => {
      const dependencies = Object.keys(definition.depends_on ?? {});
      for (const dependency of dependencies) expect(services[dependency]).toBeDefined();
      if (env.DATABASE_URL && schema.safeParse({ ...env, DATABASE_URL: undefined }).success === false) {
        expect(dependencies).toContain('postgres');
      }
      if (env.KAFKA_BROKERS && schema.safeParse({ ...env, KAFKA_BROKERS: undefined }).success === false) {
        expect(dependencies).toContain('kafka');
      }
      for (const dependency of Object.values(definition.depends_on ?? {})) {
        expect(dependency.condition).toBe('service_healthy');
      }
    });
  });

  describe('with EVENT_STORE=eventstoredb (`docker compose --profile eventstoredb up`)', () => {
    const eventStoreDbEnv = { ...operatorEnv, EVENT_STORE: 'eventstoredb' };
    const onEventStore = apps.filter(({ service }) => service !== 'ingest');

    it.each(onEventStore)(
      "$service: the configuration is valid, events go to the profile's eventstore, tables stay on postgres",
      ({ service, schema }) => {
        const env = environmentOf(service, eventStoreDbEnv);
        const result = schema.safeParse(env);
        expect(
          result.success
            ? []
            : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        ).toEqual([]);
        expect((result.data as { EVENT_STORE?: string }).EVENT_STORE).toBe('eventstoredb');
        const eventStore = new URL(env.EVENTSTORE_URL!);
        expect(eventStore.protocol).toBe('esdb:');
        expect(services[eventStore.hostname]?.profiles).toEqual(['eventstoredb']);
        // The server listens on 2113 (its health check) and runs insecure, as tls=false says.
        expect(eventStore.port).toBe('2113');
        expect(JSON.stringify(services[eventStore.hostname]?.healthcheck)).toContain('localhost:2113');
        expect(eventStore.searchParams.get('tls')).toBe('false');
        expect(environmentOf(eventStore.hostname).KURRENTDB_INSECURE).toBe('true');
        // Read tables, checkpoints and customer state: still PostgreSQL, still required.
        expect(new URL(env.DATABASE_URL!).hostname).toBe('postgres');
        expect(Object.keys(services[service]?.depends_on ?? {})).toContain('postgres');
        expect(schema.safeParse({ ...env, DATABASE_URL: undefined }).success).toBe(false);
      },
    );
  });

  it('lets scoring scale (`--scale scoring=3`): no fixed container name, no host port', () => {
    expect(services.scoring?.container_name).toBeUndefined();
    expect(services.scoring?.ports).toBeUndefined();
  });

  it('points the apps at the servers the file defines, with matching credentials', () => {
    const postgres = environmentOf('postgres');
    const database = new URL(environmentOf('scoring').DATABASE_URL!);
    expect(database.hostname).toBe('postgres');
    expect(database.username).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(database.password)).toBe(postgres.POSTGRES_PASSWORD);
    expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS).toContain(
      `PLAINTEXT://${environmentOf('scoring').KAFKA_BROKERS}`,
    );
  });

  it('bakes no secret in: JWT_SECRET must come from the operator', () => {
    expect(String(services['case-management']?.environment?.JWT_SECRET)).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(() => interpolate(String(services['case-management']?.environment?.JWT_SECRET), {})).toThrow(
      /JWT_SECRET/,
    );
  });

  it('builds the services from the one multi-stage Dockerfile that runs as a non-root user', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    for (const { service } of apps) expect(services[service]?.build).toBe('.');
  });
});
