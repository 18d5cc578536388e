// Every server action is reachable by any POST that names its id, whatever the body: one that is not
// a form (Next decodes `[]` to no arguments, `[{}]` to a state and no form) is a 400, never a 500.
// The actions are found by reading app/ for 'use server' files, so a new one is covered too.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { makeUser } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user, currentUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

function actionFiles(): string[] {
  const root = path.resolve('app');
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /\.tsx?$/.test(f) && /^['"]use server['"]/.test(fs.readFileSync(path.join(root, f), 'utf8').trimStart()))
    .map((f) => path.join(root, f));
}

beforeAll(async () => {
  session.user = await makeUser({ isSuperuser: true });
});

describe('server actions called without a form', () => {
  it('finds the actions', () => {
    expect(actionFiles().length).toBeGreaterThan(10);
  });

  it('answer every non-form body with a 400 (or succeed when they take no input), never a 500 or a throw', async () => {
    let checked = 0;
    for (const file of actionFiles()) {
      const actions = (await import(file)) as Record<string, unknown>;
      for (const [name, action] of Object.entries(actions)) {
        if (typeof action !== 'function') continue;
        for (const args of [[], [{}], [{}, []], [{}, {}], [null, 'text'], [[], [{}]]]) {
          const label = `${path.relative('app', file)} ${name}(${JSON.stringify(args)})`;
          const state = (await (action as (...a: unknown[]) => Promise<unknown>)(...args)) as { ok?: boolean; status?: number };
          expect(state, label).toBeTypeOf('object');
          if (state.ok !== true) expect(state.status, label).toBe(400);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
