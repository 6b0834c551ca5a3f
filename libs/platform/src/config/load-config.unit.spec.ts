import { z } from 'zod';
import { ConfigError, kafkaBrokersVariable, loadConfig, portVariable } from './load-config.js';
import { databaseVariables, eventStoreVariables } from './shared-variables.js';

const schema = z.object({ PORT: portVariable(3000), KAFKA_BROKERS: kafkaBrokersVariable });

describe('loadConfig', () => {
  it('applies defaults and parses values', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9093' });
    expect(config).toEqual({ PORT: 3000, KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2:9093'] });
  });

  it('names every bad variable with its value and the fix', () => {
    const attempt = () => loadConfig(schema, { PORT: '99999', KAFKA_BROKERS: 'not a broker' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const { problems, message } = error as ConfigError;
      expect(problems).toHaveLength(2);
      expect(message).toContain('PORT ("99999"): must be a port number between 1 and 65535');
      expect(message).toContain(
        'KAFKA_BROKERS ("not a broker"): must be a comma-separated list of host:port',
      );
    }
  });

  it('says a required variable is unset', () => {
    expect(() => loadConfig(schema, {})).toThrow(/KAFKA_BROKERS \(unset\)/);
  });

  it('requires EVENTSTORE_URL only when EVENT_STORE=eventstoredb', () => {
    expect(loadConfig(eventStoreVariables, {})).toEqual({ EVENT_STORE: 'postgres' });
    expect(() => loadConfig(eventStoreVariables, { EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_URL \(unset\): is required when EVENT_STORE=eventstoredb/,
    );
    expect(() => loadConfig(eventStoreVariables, { EVENT_STORE: 'mongo' })).toThrow(
      /EVENT_STORE \("mongo"\): must be "postgres" \(default\) or "eventstoredb"/,
    );
  });

  it('still requires DATABASE_URL with EVENT_STORE=eventstoredb, saying what stays on PostgreSQL', () => {
    const services = databaseVariables.and(eventStoreVariables);
    const eventStoreDb = { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' };
    expect(() => loadConfig(services, eventStoreDb)).toThrow(
      'DATABASE_URL (unset): is required, also with EVENT_STORE=eventstoredb (the read tables, projection ' +
        'checkpoints and customer state are always on PostgreSQL): a PostgreSQL connection string, e.g. ' +
        'postgres://user:pass@host:5432/db',
    );
    expect(loadConfig(services, { ...eventStoreDb, DATABASE_URL: 'postgres://u@db:5432/fraud' })).toEqual({
      ...eventStoreDb,
      DATABASE_URL: 'postgres://u@db:5432/fraud',
    });
  });
});
