// `npm run start:scoring`: the scoring service as its own process.
import { runService } from '#platform';
import { tuneScoringHeap } from './scoring-process.js';
import { scoringService } from './scoring.service.js';

tuneScoringHeap();
await runService(scoringService);
