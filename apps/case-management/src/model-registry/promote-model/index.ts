// promoteModel: its command handler and GraphQL resolver, registered together.
import { PromoteModelHandler } from './promote-model.handler.js';
import { PromoteModelResolver } from './promote-model.resolver.js';

export const promoteModel = [PromoteModelHandler, PromoteModelResolver];
