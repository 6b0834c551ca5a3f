// `npm start`: the one-process demo (issue 10). Until it lands, say plainly what exists and how to
// run the services one by one, instead of failing obscurely.
const lines = [
  'The one-process demo (`npm start`) is not built yet.',
  '',
  'What runs today, each as its own process after `npm run build`:',
  '  npm run start:ingest            HTTP intake on INGEST_PORT (3001); needs KAFKA_BROKERS',
  '  npm run start:scoring           health/metrics on SCORING_PORT (3002); needs DATABASE_URL, KAFKA_BROKERS',
  '  npm run start:projections       health/metrics on PROJECTIONS_PORT (3003); needs DATABASE_URL',
  '  npm run start:case-management   PORT (3000); needs DATABASE_URL, JWT_SECRET',
  '  npm run kafka                   a local single-node Kafka broker (needs Java 17+)',
  '',
  'See README.md for configuration and docs/ for the design.',
];
process.stderr.write(`${lines.join('\n')}\n`);
process.exit(1);
