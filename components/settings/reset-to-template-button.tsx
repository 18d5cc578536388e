'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionState } from '@/lib/session/action';
import { BUTTON } from '@/components/ui/styles';

/** "Reset my settings to the template": asks first, then reloads the page's matrix. */
export function ResetToTemplateButton({ reset }: { reset: () => Promise<ActionState> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const onClick = () => {
    if (!window.confirm('Replace all your notification settings with the template?')) return;
    startTransition(async () => {
      const result = await reset();
      setMessage(result.ok ? 'Your settings are the template again.' : (result.detail ?? 'Not reset.'));
      router.refresh();
    });
  };
  return (
    <div className="flex items-center gap-3">
      <button type="button" className={BUTTON.secondary} disabled={pending} onClick={onClick}>
        Reset my settings to the template
      </button>
      {message && (
        <span aria-live="polite" className="text-sm text-slate-600">
          {message}
        </span>
      )}
    </div>
  );
}
