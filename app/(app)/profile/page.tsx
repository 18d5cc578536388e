import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const user = await requireUser();
  const rows: [string, string][] = [
    ['Username', user.username],
    ['Name', [user.firstName, user.lastName].filter(Boolean).join(' ') || '—'],
    ['Email', user.email || '—'],
    ['Global role', user.globalRole ?? (user.isSuperuser ? 'Superuser' : 'None')],
    ['Slack DM target', user.slackUserId ?? user.slackEmail ?? 'Not set'],
  ];
  return (
    <section>
      <h1 className="text-2xl font-semibold">Profile</h1>
      <dl className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-4 px-5 py-3 text-sm">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="col-span-2">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
