// assignChallenger: its command handler and GraphQL resolver, registered together.
import { AssignChallengerHandler } from './assign-challenger.handler.js';
import { AssignChallengerResolver } from './assign-challenger.resolver.js';

export const assignChallenger = [AssignChallengerHandler, AssignChallengerResolver];
