'use client';
// "Run now" for one schedule, and what that run sent.
import { ActionForm, SubmitButton, useActionForm } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';

interface RunAnswer {
  sent: number;
  error: string | null;
  /** When it sent nothing: why ("already sent today"). */
  why?: string | null;
}

export function RunNowForm({ action, schedule, label }: { action: FormAction; schedule: string; label: string }) {
  return (
    <ActionForm action={action} label={`Run ${label} now`} className="space-y-2">
      <input type="hidden" name="schedule" value={schedule} />
      <SubmitButton kind="secondary" pendingLabel="Running…">
        Run now
      </SubmitButton>
      <RunResult />
    </ActionForm>
  );
}

function RunResult() {
  const { state } = useActionForm();
  if (!state.ok) return null;
  const answer = state.data as RunAnswer;
  return answer.error ? (
    <p role="status" data-testid="run-result" className="text-sm text-red-700">
      Failed: {answer.error}
    </p>
  ) : (
    <p role="status" data-testid="run-result" className="text-sm text-emerald-800">
      Sent {answer.sent} notification{answer.sent === 1 ? '' : 's'}.{answer.sent === 0 && answer.why ? ` ${answer.why}` : ''}
    </p>
  );
}
