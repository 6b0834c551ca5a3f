// addAlertNote: its command handler and GraphQL resolver, registered together by AlertsModule.
import { AddAlertNoteHandler } from './add-alert-note.handler.js';
import { AddAlertNoteResolver } from './add-alert-note.resolver.js';

export const addAlertNote = [AddAlertNoteHandler, AddAlertNoteResolver];
