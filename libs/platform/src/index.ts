export * from './config/load-config.js';
export * from './logging/json-logger.js';
export * from './health/readiness.js';
export * from './health/health.module.js';
export * from './health/tokens.js';
export * from './bootstrap/run-service.js';
export * from './bootstrap/http-platform.js';
export * from './config/shared-variables.js';
