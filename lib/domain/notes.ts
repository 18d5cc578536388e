// Notes on a finding. Mentions are stored only for users who can see the finding, never the author.
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { noteMentions, notes } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { findingFacts } from './event-facts';
import { findingViewersSql } from './finding-audience';
import { mentionedUsernames } from './mentions';
import { selectPage, type Page, type PageRequest } from './pagination';
import { denial, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { parseWith, requiredText } from '../core/validation';

export const noteSchema = z.object({
  id: z.number().int(),
  finding: z.number().int(),
  author: z.number().int().nullable(),
  entry: z.string(),
  mentions: z.array(z.number().int()),
  created: z.iso.datetime(),
});
export type Note = z.infer<typeof noteSchema>;

export const noteCreateSchema = z.object({ entry: requiredText(10_000) });
export type NoteCreate = z.input<typeof noteCreateSchema>;

type Row = typeof notes.$inferSelect;

function toNote(row: Row, mentions: number[]): Note {
  return {
    id: row.id,
    finding: row.findingId,
    author: row.authorId,
    entry: row.entry,
    mentions: [...mentions].sort((a, b) => a - b),
    created: row.createdAt.toISOString(),
  };
}

export async function listNotes(db: Executor, actor: Actor, findingId: number, page: PageRequest): Promise<Result<Page<Note>>> {
  const denied = denial(await authorize(db, actor, { kind: 'finding', id: findingId }, 'view'));
  if (denied) return denied;
  const rows = await selectPage(db, notes, eq(notes.findingId, findingId), page);
  const ids = rows.results.map((n) => n.id);
  const mentions = ids.length ? await db.select().from(noteMentions).where(inArray(noteMentions.noteId, ids)) : [];
  return ok({
    count: rows.count,
    results: rows.results.map((n) =>
      toNote(
        n,
        mentions.filter((m) => m.noteId === n.id).map((m) => m.userId),
      ),
    ),
  });
}

export async function createNote(db: Executor, actor: Actor, findingId: number, input: NoteCreate): Promise<Result<Note>> {
  const parsed = parseWith(noteCreateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'finding', id: findingId }, 'comment'));
    if (denied) return denied;
    const [note] = await tx.insert(notes).values({ findingId, authorId: actor.id, entry: parsed.value.entry }).returning();
    const mentioned = await storeMentions(tx, note!, actor.id);
    if (mentioned.length) {
      const { finding, actor: author } = await findingFacts(tx, findingId, actor.id);
      const message = describeEvent('user_mentioned', { finding, author, note: note!.entry });
      await notify({ ...message, actorId: actor.id, recipients: mentioned }, tx);
    }
    return ok(toNote(note!, mentioned));
  });
}

/** Inserts the note's mentions of users who can view its finding (one statement); returns their ids. */
async function storeMentions(db: Executor, note: Row, authorId: number): Promise<number[]> {
  const usernames = mentionedUsernames(note.entry);
  const viewers = await findingViewersSql(db, note.findingId);
  if (usernames.length === 0 || !viewers) return [];
  const rows = await db.execute<{ user_id: number }>(sql`
    insert into note_mentions (note_id, user_id)
    select ${note.id}, u.id from users u
    where lower(u.username) in ${usernames} and u.id <> ${authorId} and u.id in (${viewers})
    returning user_id`);
  return rows.map((r) => r.user_id);
}
