// `npm run start:ingest`: the ingest service as its own process.
import { runService } from '#platform';
import { ingestService } from './ingest.service.js';

await runService(ingestService);
