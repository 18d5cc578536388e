import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import type { FormAction } from '@/lib/session/action';
import type { Note } from '@/lib/domain/notes';
import { MentionTextarea, type Mentionable } from './mention-textarea';

/** The note's text with the users it really mentions highlighted. */
function NoteEntry({ entry, mentioned }: { entry: string; mentioned: Set<string> }) {
  const parts = entry.split(/(@[\w.+-]+)/);
  return (
    <p className="text-sm whitespace-pre-wrap break-words">
      {parts.map((part, i) => {
        const name = part.startsWith('@')
          ? part
              .slice(1)
              .toLowerCase()
              .replace(/[.-]+$/, '')
          : null;
        const isMention = name !== null && (mentioned.has(name) || mentioned.has(part.slice(1).toLowerCase()));
        return isMention ? (
          <mark key={i} data-testid="mention" className="rounded bg-indigo-50 px-0.5 text-indigo-800">
            {part}
          </mark>
        ) : (
          part
        );
      })}
    </p>
  );
}

export function NotesSection({
  findingId,
  notes,
  usernames,
  people,
  canComment,
  addNote,
}: {
  findingId: number;
  notes: Note[];
  /** id → username, for authors and mentioned users. */
  usernames: Map<number, string>;
  people: Mentionable[];
  canComment: boolean;
  addNote: FormAction;
}) {
  return (
    <Section title={`Notes (${notes.length})`} id="notes">
      {notes.length === 0 ? (
        <EmptyState title="No notes yet" />
      ) : (
        <ol className="space-y-3">
          {notes.map((note) => (
            <li key={note.id} data-testid="note">
              <Card>
                <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-500">
                  <span className="font-medium text-slate-700">
                    {note.author ? (usernames.get(note.author) ?? 'former user') : 'former user'}
                  </span>
                  <time dateTime={note.created}>{note.created.slice(0, 16).replace('T', ' ')} UTC</time>
                </div>
                <NoteEntry entry={note.entry} mentioned={new Set(note.mentions.map((m) => usernames.get(m)?.toLowerCase() ?? ''))} />
              </Card>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <Card className="mt-4">
          <ActionForm action={addNote} label="Add a note" className="space-y-3">
            <input type="hidden" name="finding" value={findingId} />
            <MentionTextarea name="entry" label="Add a note" people={people} />
            <SubmitButton pendingLabel="Posting…">Post note</SubmitButton>
          </ActionForm>
        </Card>
      )}
    </Section>
  );
}
