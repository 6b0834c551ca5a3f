// `npm run start:scoring`: the scoring service as its own process.
import { runService } from '#platform';
import { scoringService } from './scoring.service.js';

await runService(scoringService);
