// Jest runs the TypeScript sources as native ES modules (the NestJS 12 packages are ESM-only),
// transpiled file by file by ts-jest; `npm run build` does the type checking.
// Two projects: `unit` (pure, no servers) and `integration` (real PostgreSQL and Kafka, started
// once for the run by test/global-setup.mjs when DATABASE_URL / KAFKA_BROKERS are not given).
// A third, `chaos` (test/chaos, `npm run test:chaos`), exists only when selected by name: `npm test`
// never runs it; its suites start and restart their own servers (docs/RELIABILITY.md).
const libs = ['domain', 'eventstore', 'messaging', 'ml', 'simulator', 'read-model', 'platform', 'testing'];

const chaosSelected = (() => {
  const flag = process.argv.indexOf('--selectProjects');
  return flag >= 0 && process.argv.slice(flag + 1).some((arg) => arg === 'chaos');
})();

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^#${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^#embedded-postgres$': '<rootDir>/tools/postgres/embedded-postgres.mjs',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/test'],
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts', '**/*.e2e.spec.ts'],
      slowTestThreshold: 30,
    },
    ...(chaosSelected
      ? [
          {
            ...shared,
            displayName: 'chaos',
            roots: ['<rootDir>/test/chaos'],
            testMatch: ['**/*.chaos.spec.ts'],
            globalSetup: '<rootDir>/test/chaos/global-setup.mjs',
            slowTestThreshold: 600,
          },
        ]
      : []),
  ],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.mjs'],
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
