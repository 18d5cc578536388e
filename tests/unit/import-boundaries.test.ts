// The allowed import directions are enforced by lint: each wrong import below, linted as if it were
// written in the file named, fails `npm run lint`; the right ones pass. And lib/ has no folder cycle.
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import directions', () => {
  it.each([
    ['lib/domain/example.ts', "import { x } from '../../app/(app)/page';"],
    ['lib/notifications/example.ts', "import { x } from '@/components/bell/bell';"],
    ['lib/domain/example.ts', "import { x } from '../delivery/queue';"],
    ['lib/domain/example.ts', "import { x } from '@/lib/realtime/push';"],
    ['lib/domain/example.ts', "import { x } from '../worker/main';"],
    ['lib/worker/example.ts', "import { x } from 'next/navigation';"],
    ['lib/realtime/example.ts', "import { x } from 'next';"],
    ['lib/core/example.ts', "import { x } from '../db/client';"],
    ['lib/core/example.ts', "import { x } from '@/lib/auth/authorization';"],
    ['components/admin/example.tsx', "import { x } from '@/lib/db/client';"],
    ['components/admin/example.tsx', "import { x } from '../../lib/db/schema';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await importErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['lib/domain/example.ts', "import { x } from '../core/result';"],
    ['lib/worker/example.ts', "import { x } from '../delivery/queue';"],
    ['lib/core/example.ts', "import { x } from './result';"],
    ['components/admin/example.tsx', "import type { x } from '@/lib/db/schema';"],
    ['app/example.ts', "import { x } from '@/lib/db/client';"],
  ])('%s may: %s', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });

  it('lib/ has no folder-level import cycle', () => {
    expect(execFileSync(process.execPath, ['scripts/check-folder-cycles.mjs'], { encoding: 'utf8' })).toContain(
      'no folder-level import cycles',
    );
  });
});
