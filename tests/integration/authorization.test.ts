// The authorization matrix: every role × (direct | group) × (product | product type membership)
// × every kind of object × every action, checked against the permission table, plus the SQL
// "who can view" queries agreeing with authorize() for every user.
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, productTypeViewerIds, productViewerIds, type Actor, type Subject } from '@/lib/auth/authorization';
import { ACTIONS, OBJECT_KINDS, PERMISSIONS, type ObjectKind } from '@/lib/auth/permissions';
import { db } from '@/lib/db/client';
import { ROLES, type Role } from '@/lib/db/schema/enums';
import {
  addProductGroup,
  addProductMember,
  addProductTypeGroup,
  addProductTypeMember,
  makeGroup,
  makeProductType,
  makeProgram,
  makeUser,
  type User,
} from '../support/fixtures';

type Via = 'direct' | 'group';
type Level = 'product' | 'product_type';

interface Case {
  role: Role;
  via: Via;
  level: Level;
  user: User;
}

let program: Awaited<ReturnType<typeof makeProgram>>;
let otherProgram: Awaited<ReturnType<typeof makeProgram>>;
let productTypeId: number;
let otherProductTypeId: number;
const cases: Case[] = [];
let outsider: User;
let superuser: User;
let inactiveMember: User;
const globals = new Map<Role, User>();

const actor = (u: User): Actor => ({ id: u.id, isSuperuser: u.isSuperuser, globalRole: u.globalRole });

function subjects(p: typeof program, ptId: number): Record<ObjectKind, Subject> {
  return {
    product_type: { kind: 'product_type', id: ptId },
    product: { kind: 'product', id: p.product.id },
    engagement: { kind: 'engagement', id: p.engagement.id },
    test: { kind: 'test', id: p.test.id },
    finding: { kind: 'finding', id: p.finding.id },
  };
}

beforeAll(async () => {
  productTypeId = (await makeProductType()).id;
  otherProductTypeId = (await makeProductType()).id;
  program = await makeProgram(productTypeId);
  otherProgram = await makeProgram(otherProductTypeId);
  for (const role of ROLES) {
    for (const via of ['direct', 'group'] as const) {
      for (const level of ['product', 'product_type'] as const) {
        const user = await makeUser();
        if (via === 'direct') {
          if (level === 'product') await addProductMember(program.product.id, user.id, role);
          else await addProductTypeMember(productTypeId, user.id, role);
        } else {
          const group = await makeGroup([user.id]);
          if (level === 'product') await addProductGroup(program.product.id, group.id, role);
          else await addProductTypeGroup(productTypeId, group.id, role);
        }
        cases.push({ role, via, level, user });
      }
    }
    globals.set(role, await makeUser({ globalRole: role }));
  }
  outsider = await makeUser();
  superuser = await makeUser({ isSuperuser: true });
  inactiveMember = await makeUser({ isActive: false });
  await addProductMember(program.product.id, inactiveMember.id, 'Owner');
});

describe('a member', () => {
  it('may do exactly what the role grants, on every object under the membership, by every path', async () => {
    let checked = 0;
    for (const c of cases) {
      const targets = subjects(program, productTypeId);
      for (const kind of OBJECT_KINDS) {
        for (const action of ACTIONS) {
          const decision = await authorize(db(), actor(c.user), targets[kind], action);
          const label = `${c.role} via ${c.via} ${c.level} membership: ${action} ${kind}`;
          if (kind === 'product_type' && c.level === 'product') {
            // A product membership does not reach the product type itself.
            expect(decision, label).toBe('not_found');
          } else {
            expect(decision, label).toBe(PERMISSIONS[c.role][kind].includes(action) ? 'allowed' : 'forbidden');
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(ROLES.length * 4 * OBJECT_KINDS.length * ACTIONS.length);
  });

  it('gets not_found (never forbidden) for everything outside the membership', async () => {
    for (const c of cases) {
      const targets = subjects(otherProgram, otherProductTypeId);
      for (const kind of OBJECT_KINDS) {
        for (const action of ACTIONS) expect(await authorize(db(), actor(c.user), targets[kind], action)).toBe('not_found');
      }
    }
  });
});

describe('global roles and superusers', () => {
  it('a global role applies its permissions to every product type and product', async () => {
    for (const [role, user] of globals) {
      for (const [p, pt] of [
        [program, productTypeId],
        [otherProgram, otherProductTypeId],
      ] as const) {
        const targets = subjects(p, pt);
        for (const kind of OBJECT_KINDS)
          for (const action of ACTIONS) {
            expect(await authorize(db(), actor(user), targets[kind], action), `${role}: ${action} ${kind}`).toBe(
              PERMISSIONS[role][kind].includes(action) ? 'allowed' : 'forbidden',
            );
          }
      }
    }
  });

  it('a superuser may do everything everywhere', async () => {
    const targets = subjects(otherProgram, otherProductTypeId);
    for (const kind of OBJECT_KINDS)
      for (const action of ACTIONS) {
        expect(await authorize(db(), actor(superuser), targets[kind], action)).toBe('allowed');
      }
  });

  it('nobody, not even a superuser, is allowed on an object that does not exist', async () => {
    expect(await authorize(db(), actor(superuser), { kind: 'finding', id: 987654 }, 'view')).toBe('not_found');
  });
});

describe('who can view a product or product type (one SQL query)', () => {
  it('agrees with authorize(view) for every user, and leaves out inactive users', async () => {
    const everyone = [...cases.map((c) => c.user), ...globals.values(), outsider, superuser];
    for (const [p, pt] of [
      [program, productTypeId],
      [otherProgram, otherProductTypeId],
    ] as const) {
      const expectedProduct: number[] = [];
      const expectedType: number[] = [];
      for (const u of everyone) {
        if ((await authorize(db(), actor(u), { kind: 'product', id: p.product.id }, 'view')) === 'allowed') expectedProduct.push(u.id);
        if ((await authorize(db(), actor(u), { kind: 'product_type', id: pt }, 'view')) === 'allowed') expectedType.push(u.id);
      }
      expect(await productViewerIds(db(), p.product.id)).toEqual(expectedProduct.sort((a, b) => a - b));
      expect(await productTypeViewerIds(db(), pt)).toEqual(expectedType.sort((a, b) => a - b));
    }
    expect(await productViewerIds(db(), program.product.id)).not.toContain(inactiveMember.id);
    expect(await productViewerIds(db(), program.product.id)).not.toContain(outsider.id);
  });
});
