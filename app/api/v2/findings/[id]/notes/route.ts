import { findingEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createNote, listNotes } from '@/lib/domain/notes';

export const GET = handle(endpoints.listNotes, ({ db, caller, params, page }) => listNotes(db, caller, params.id, page));
export const POST = handle(endpoints.addNote, ({ db, caller, params, body }) => createNote(db, caller, params.id, body));
