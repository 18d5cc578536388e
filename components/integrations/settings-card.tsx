// One section of the Integrations page: a titled card holding a settings form (with its "Enable …"
// checkbox first when the channel can be switched off), its save button and, for a channel that
// can send one, a "Send test" button below.
import type { ReactNode } from 'react';
import type { FormAction } from '@/lib/session/action';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxField } from '@/components/forms/fields';
import { Card, Section } from '@/components/ui/section';
import { SendTestButton } from './send-test-button';

export interface SettingsCardProps<D> {
  title: string;
  id: string;
  action: FormAction<D>;
  /** The save button's text, e.g. "Save Slack". */
  save: string;
  successMessage: string;
  /** The channel's on/off switch, shown first. */
  enable?: { name: string; label: string; checked: boolean };
  /** A "Send test" button for this channel, below the form. */
  test?: { action: FormAction<{ ok: boolean; detail: string }>; channel: string };
  /** Shown above the card (a warning about the channel). */
  notice?: ReactNode;
  /** Shown below the card, inside the section. */
  after?: ReactNode;
  children?: ReactNode;
}

export function SettingsCard<D>({ title, id, action, save, successMessage, enable, test, notice, after, children }: SettingsCardProps<D>) {
  return (
    <Section title={title} id={id}>
      {notice}
      <Card className={after ? 'mb-4' : ''}>
        <ActionForm action={action} label={title} successMessage={successMessage}>
          {enable && <CheckboxField name={enable.name} label={enable.label} defaultChecked={enable.checked} />}
          {children}
          <SubmitButton>{save}</SubmitButton>
        </ActionForm>
        {test && (
          <div className="mt-3">
            <SendTestButton action={test.action} channel={test.channel} />
          </div>
        )}
      </Card>
      {after}
    </Section>
  );
}
