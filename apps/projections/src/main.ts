// `npm run start:projections`: the projections service as its own process.
import { runService } from '#platform';
import { projectionsService } from './projections.service.js';

await runService(projectionsService);
