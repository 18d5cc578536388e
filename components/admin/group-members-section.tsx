import Link from 'next/link';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField } from '@/components/forms/fields';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import type { FormAction } from '@/lib/session/action';
import type { GroupMember } from '@/lib/domain/group-members';
import type { UserView } from '@/lib/domain/users';

/** Who is in the group: remove one, add another. */
export function GroupMembersSection({
  groupId,
  members,
  users,
  add,
  remove,
}: {
  groupId: number;
  members: GroupMember[];
  users: UserView[];
  add: FormAction;
  remove: FormAction;
}) {
  const byId = new Map(users.map((u) => [u.id, u]));
  const inGroup = new Set(members.map((m) => m.user));
  return (
    <Section title={`Members (${members.length})`} id="members">
      {members.length === 0 ? (
        <EmptyState title="Nobody in this group yet" />
      ) : (
        <Table label="Group members" head={['Username', 'Name', '']}>
          {members.map((m) => {
            const user = byId.get(m.user);
            return (
              <tr key={m.id}>
                <Cell>
                  <Link href={`/admin/users/${m.user}`} className={LINK}>
                    {user?.username ?? `#${m.user}`}
                  </Link>
                </Cell>
                <Cell>{[user?.first_name, user?.last_name].filter(Boolean).join(' ') || '—'}</Cell>
                <Cell className="text-right">
                  <ActionForm action={remove} label={`Remove ${user?.username} from the group`}>
                    <input type="hidden" name="id" value={m.id} />
                    <SubmitButton kind="dangerOutline">Remove</SubmitButton>
                  </ActionForm>
                </Cell>
              </tr>
            );
          })}
        </Table>
      )}
      <Card className="mt-3">
        <ActionForm action={add} label="Add a member" className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <input type="hidden" name="group" value={groupId} />
          <SelectField
            name="user"
            label="User"
            emptyLabel="Choose…"
            options={users.filter((u) => !inGroup.has(u.id)).map((u) => ({ value: u.id, label: u.username }))}
          />
          <SubmitButton>Add member</SubmitButton>
        </ActionForm>
      </Card>
    </Section>
  );
}
