// Tailwind class strings shared by buttons, links that look like buttons, and form controls.

const BUTTON_BASE =
  'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ' +
  'focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-60';

export const BUTTON = {
  primary: `${BUTTON_BASE} bg-indigo-600 text-white hover:bg-indigo-700`,
  secondary: `${BUTTON_BASE} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`,
  danger: `${BUTTON_BASE} bg-red-600 text-white hover:bg-red-700`,
  dangerOutline: `${BUTTON_BASE} border border-red-300 bg-white text-red-700 hover:bg-red-50`,
} as const;

export type ButtonKind = keyof typeof BUTTON;

export const CONTROL =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm ' +
  'focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 ' +
  'aria-[invalid=true]:border-red-400 aria-[invalid=true]:ring-red-100';

export const LINK = 'font-medium text-indigo-700 hover:text-indigo-900 hover:underline';
