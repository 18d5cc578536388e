'use client';
// The note box: typing `@` and a few letters offers the people who can see the finding; picking one
// (click, Enter or Tab) completes `@username `. The server decides who is really mentioned.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useActionForm } from '@/components/forms/action-form';
import { CONTROL } from '@/components/ui/styles';

export interface Mentionable {
  username: string;
  name: string;
}

const MAX_SUGGESTIONS = 6;

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|[^\w.+@-])@([\w.+-]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1]!.length - 1, query: match[1]!.toLowerCase() } : null;
}

export function MentionTextarea({ name, label, people }: { name: string; label: string; people: Mentionable[] }) {
  const id = useId();
  const { state } = useActionForm();
  const errors = state.errors?.[name];
  const submitted = state.values?.[name];
  const [text, setText] = useState(typeof submitted === 'string' ? submitted : '');
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);

  const suggestions = mention
    ? people
        .filter((p) => p.username.toLowerCase().startsWith(mention.query) || p.name.toLowerCase().includes(mention.query))
        .slice(0, MAX_SUGGESTIONS)
    : [];
  const open = suggestions.length > 0;

  function track(value: string, caret: number) {
    setText(value);
    setMention(mentionAt(value, caret));
    setActive(0);
  }

  function pick(person: Mentionable) {
    if (!mention) return;
    const caret = box.current?.selectionStart ?? text.length;
    const inserted = `@${person.username} `;
    const next = text.slice(0, mention.start) + inserted + text.slice(caret);
    setText(next);
    setMention(null);
    requestAnimationFrame(() => {
      const at = mention.start + inserted.length;
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      pick(suggestions[active]!);
    } else if (event.key === 'Escape') {
      setMention(null);
    }
  }

  return (
    <div className="relative">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {/* A textarea may not take role=combobox (ARIA in HTML): it stays a textbox that owns the list. */}
      <textarea
        id={id}
        ref={box}
        name={name}
        rows={3}
        value={text}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-people` : undefined}
        aria-activedescendant={open ? `${id}-person-${active}` : undefined}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : `${id}-hint`}
        onChange={(e) => track(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setMention(mentionAt(e.currentTarget.value, e.currentTarget.selectionStart))}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setMention(null), 150)}
        className={`mt-1 ${CONTROL}`}
      />
      {open && (
        <ul
          id={`${id}-people`}
          role="listbox"
          aria-label="People who can see this finding"
          className="absolute z-20 mt-1 w-full max-w-sm overflow-hidden rounded-md border border-slate-200 bg-white text-sm shadow-lg"
        >
          {suggestions.map((person, i) => (
            <li
              key={person.username}
              id={`${id}-person-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(person);
              }}
              className="cursor-pointer px-3 py-1.5 aria-selected:bg-indigo-50"
            >
              <span className="font-medium">@{person.username}</span>
              {person.name && <span className="ml-2 text-slate-500">{person.name}</span>}
            </li>
          ))}
        </ul>
      )}
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        Type @ to mention someone who can see this finding.
      </p>
      {errors && (
        <p id={`${id}-error`} data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
