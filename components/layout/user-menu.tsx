'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { signOut } from 'next-auth/react';
import Link from 'next/link';

export function UserMenu({ displayName }: { displayName: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={`Account menu for ${displayName}`}
        className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        {displayName} <span aria-hidden>▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
        >
          <DropdownMenu.Item asChild className="block cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100">
            <Link href="/profile">Profile</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className="block cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100">
            <Link href="/settings/notifications">Notification settings</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item
            onSelect={() => void signOut({ callbackUrl: '/login' })}
            className="cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100"
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
