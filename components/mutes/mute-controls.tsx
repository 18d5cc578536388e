// "Mute", "Mute for a day" and "Unmute" for a product or a finding: nothing reaches the user about it
// on any personal channel but mentions, review requests and required events (DESIGN §4b.2).
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';
import type { MuteView } from '@/lib/domain/mutes';

export function MuteControls({
  kind,
  subject,
  mute: current,
  muteAction,
  unmuteAction,
}: {
  kind: 'product' | 'finding';
  subject: number;
  mute: MuteView | null;
  muteAction: FormAction;
  unmuteAction: FormAction;
}) {
  if (current) {
    const until = current.until ? ` until ${current.until.slice(0, 16).replace('T', ' ')} UTC` : '';
    return (
      <ActionForm action={unmuteAction} label={`Unmute this ${kind}`} className="flex items-center gap-2">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="subject" value={subject} />
        <input type="hidden" name="id" value={current.id} />
        <span className="text-sm text-slate-600" data-testid="mute-status">
          Muted{until}
        </span>
        <SubmitButton kind="secondary" pendingLabel="Unmuting…">
          Unmute
        </SubmitButton>
      </ActionForm>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      {(['ever', 'day'] as const).map((span) => (
        <ActionForm
          key={span}
          action={muteAction}
          label={span === 'day' ? `Mute this ${kind} for a day` : `Mute this ${kind}`}
          className="inline"
        >
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="subject" value={subject} />
          <input type="hidden" name="for" value={span} />
          <SubmitButton kind="secondary" pendingLabel="Muting…">
            {span === 'day' ? 'Mute for a day' : 'Mute'}
          </SubmitButton>
        </ActionForm>
      ))}
    </div>
  );
}
