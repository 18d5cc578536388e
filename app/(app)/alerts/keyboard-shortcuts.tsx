// The alerts page's keyboard shortcuts, as the page documents them (use-alert-shortcuts.ts does them).
export const SHORTCUTS: [key: string, what: string][] = [
  ['j', 'next alert'],
  ['k', 'previous alert'],
  ['x', 'select or unselect the alert'],
  ['r', 'mark read or unread'],
  ['e', 'archive (restore in Archived)'],
  ['Enter', 'open the alert'],
];

export function KeyboardShortcuts() {
  return (
    <section aria-labelledby="shortcuts-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 id="shortcuts-heading" className="font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-slate-700">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
