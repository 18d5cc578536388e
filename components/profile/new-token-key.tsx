'use client';
// The key of the token just created: shown once, right after creation, never again.
import { useState } from 'react';
import { useActionForm } from '@/components/forms/action-form';
import { BUTTON } from '@/components/ui/styles';

export function NewTokenKey() {
  const { state } = useActionForm();
  const [copied, setCopied] = useState(false);
  const key = state.ok ? (state.data as { key?: string } | undefined)?.key : undefined;
  if (!key) return null;
  return (
    <div data-testid="new-token" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
      <p className="font-medium text-emerald-900">Copy this key now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="new-token-key" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs break-all">
          {key}
        </code>
        <button
          type="button"
          className={BUTTON.secondary}
          onClick={() => void navigator.clipboard?.writeText(key).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="mt-2 text-xs text-emerald-900">
        Use it as <code>Authorization: Token {'<key>'}</code> on <code>/api/v2</code>.
      </p>
    </div>
  );
}
