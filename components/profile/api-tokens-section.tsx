import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextField } from '@/components/forms/fields';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, Section } from '@/components/ui/section';
import { Cell, Table } from '@/components/ui/table';
import type { FormAction } from '@/lib/session/action';
import type { ApiToken } from '@/lib/auth/api-tokens';
import { NewTokenKey } from './new-token-key';

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'Never');

/** The user's API tokens for tools: create one (its key shown once), see when each was last used, revoke. */
export function ApiTokensSection({ tokens, create, revoke }: { tokens: ApiToken[]; create: FormAction; revoke: FormAction }) {
  return (
    <Section title="API tokens" id="api-tokens">
      <p className="mb-3 text-sm text-slate-600">
        Tools (CI pipelines, scanners) call the API with a token; it acts as you and sees what you see.
      </p>
      <Card className="mb-4">
        <ActionForm action={create} label="New API token" className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
            <TextField name="name" label="Token name" placeholder="GitLab CI" />
            <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
          </div>
          <NewTokenKey />
        </ActionForm>
      </Card>
      {tokens.length === 0 ? (
        <EmptyState title="No API tokens yet" />
      ) : (
        <Table label="API tokens" head={['Name', 'Key', 'Created', 'Last used', '']}>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="api-token">
              <Cell>{t.name}</Cell>
              <Cell>
                <code className="font-mono text-xs">{t.prefix}…</code>
              </Cell>
              <Cell className="whitespace-nowrap">{when(t.created)}</Cell>
              <Cell className="whitespace-nowrap">{when(t.last_used)}</Cell>
              <Cell className="text-right">
                {t.revoked ? (
                  <Badge>Revoked</Badge>
                ) : (
                  <ActionForm action={revoke} label={`Revoke ${t.name}`}>
                    <input type="hidden" name="id" value={t.id} />
                    <SubmitButton kind="dangerOutline">Revoke</SubmitButton>
                  </ActionForm>
                )}
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
