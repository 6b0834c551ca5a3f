// `npm run start:case-management`: the case-management service as its own process.
import { runService } from '#platform';
import { caseManagementService } from './case-management.service.js';

await runService(caseManagementService);
