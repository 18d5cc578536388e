// Administration over /api/v2: users (superusers only), groups and their members, and memberships
// of users and groups in product types and products.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { makeGroup, makeProductType, makeProduct, makeUser } from '../support/fixtures';

let t: ApiApp;
let admin: ApiClient;

beforeAll(async () => {
  t = await startApiApp();
  admin = t.admin;
});
afterAll(async () => t?.stop());

describe('users', () => {
  it('a superuser creates, reads, updates, lists and deletes users; passwords are write-only', async () => {
    const created = await admin.post('/users', {
      username: 'dana',
      email: 'dana@example.com',
      first_name: 'Dana',
      last_name: 'Fox',
      password: 'a-long-password',
      is_superuser: false,
      is_active: true,
      global_role: 'Reader',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'dana',
      email: 'dana@example.com',
      global_role: 'Reader',
      is_superuser: false,
      last_login: null,
    });
    expect(Object.keys(created.body)).not.toContain('password');
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|a-long-password/);

    const id = created.body.id;
    expect((await admin.get(`/users/${id}`)).body).toEqual(created.body);
    const updated = await admin.patch(`/users/${id}/`, { last_name: 'Wolf', global_role: null, password: 'another-long-one' });
    expect(updated.body).toMatchObject({ last_name: 'Wolf', global_role: null });
    const [row] = await db().select().from(users).where(eq(users.id, id));
    expect(await verifyPassword(row!.passwordHash, 'another-long-one')).toBe(true);

    // The new user can use the API with a token from api-token-auth.
    const token = (await t.api.post('/api-token-auth', { username: 'dana', password: 'another-long-one' })).body.token;
    expect((await t.api.as({ token }).get('/users/me')).body).toMatchObject({ id, username: 'dana' });

    expect((await admin.get('/users?username=DANA')).body.results.map((u: { id: number }) => u.id)).toEqual([id]);
    expect((await admin.post('/users', { username: 'Dana', password: 'whatever-long' })).status).toBe(409);
    expect((await admin.delete(`/users/${id}`)).status).toBe(204);
    expect((await admin.get(`/users/${id}`)).status).toBe(404);
  });

  it('an admin cannot delete, deactivate or demote themselves', async () => {
    expect((await admin.delete(`/users/${t.adminId}`)).status).toBe(400);
    expect((await admin.patch(`/users/${t.adminId}`, { is_active: false })).body.errors).toHaveProperty('is_active');
    expect((await admin.patch(`/users/${t.adminId}`, { is_superuser: false })).body.errors).toHaveProperty('is_superuser');
  });

  it('anyone may read their own account at /users/me', async () => {
    const user = await makeUser({ firstName: 'Me' });
    const me = await t.api.as({ token: await tokenFor(user.id) }).get('/users/me/');
    expect(me.body).toMatchObject({ id: user.id, username: user.username, first_name: 'Me' });
  });
});

describe('groups and group members', () => {
  it('create, read, update, list and delete a group and its members', async () => {
    const group = await admin.post('/groups', { name: 'AppSec', description: 'the team' });
    expect(group).toMatchObject({ status: 201, body: { name: 'AppSec', description: 'the team' } });
    const id = group.body.id;
    expect((await admin.patch(`/groups/${id}`, { name: 'AppSec team' })).body.name).toBe('AppSec team');
    expect((await admin.post('/groups', { name: 'appsec TEAM' })).status).toBe(409);

    const user = await makeUser();
    const member = await admin.post('/group_members', { group: id, user: user.id });
    expect(member).toMatchObject({ status: 201, body: { group: id, user: user.id } });
    expect((await admin.get(`/group_members/${member.body.id}`)).body).toEqual(member.body);
    expect((await admin.get(`/group_members?group=${id}`)).body.results).toEqual([member.body]);
    expect((await admin.post('/group_members', { group: id, user: user.id })).status).toBe(409);
    expect((await admin.post('/group_members', { group: id, user: 999_999 })).body.errors).toEqual({ user: ['Unknown user.'] });

    // A member sees the group; someone else does not.
    const memberApi = t.api.as({ token: await tokenFor(user.id) });
    expect((await memberApi.get(`/groups/${id}`)).status).toBe(200);
    expect((await memberApi.get('/groups')).body.results.map((g: { id: number }) => g.id)).toEqual([id]);

    expect((await admin.delete(`/group_members/${member.body.id}`)).status).toBe(204);
    expect((await memberApi.get(`/groups/${id}`)).status).toBe(404);
    expect((await admin.delete(`/groups/${id}`)).status).toBe(204);
    expect((await admin.get(`/groups/${id}`)).status).toBe(404);
  });
});

describe('memberships in product types and products', () => {
  it.each([
    ['product_type_members', 'product_type', 'user'],
    ['product_members', 'product', 'user'],
    ['product_type_groups', 'product_type', 'group'],
    ['product_groups', 'product', 'group'],
  ] as const)('%s: create, read, update, list, delete', async (resource, parent, principal) => {
    const pt = await makeProductType();
    const parentId = parent === 'product' ? (await makeProduct(pt.id)).id : pt.id;
    const principalId = principal === 'user' ? (await makeUser()).id : (await makeGroup()).id;
    const body = { [parent]: parentId, [principal]: principalId, role: 'Reader' };

    const created = await admin.post(`/${resource}`, body);
    expect(created, JSON.stringify(created.body)).toMatchObject({ status: 201, body });
    const id = created.body.id;
    expect((await admin.get(`/${resource}/${id}`)).body).toEqual(created.body);
    expect((await admin.patch(`/${resource}/${id}/`, { role: 'Writer' })).body).toEqual({ ...created.body, role: 'Writer' });
    expect((await admin.get(`/${resource}?${parent}=${parentId}`)).body.results).toEqual([{ ...created.body, role: 'Writer' }]);
    expect((await admin.get(`/${resource}?${principal}=${principalId}`)).body.count).toBe(1);
    expect((await admin.post(`/${resource}`, body)).status).toBe(409);
    expect((await admin.post(`/${resource}`, { ...body, role: 'Boss' })).body.errors).toHaveProperty('role');
    expect((await admin.post(`/${resource}`, { ...body, [principal]: 999_999 })).body.errors).toEqual({
      [principal]: [`Unknown ${principal}.`],
    });
    expect((await admin.patch(`/${resource}/${id}`, { role: 'API Importer' })).body.role).toBe('API Importer');
    expect((await admin.delete(`/${resource}/${id}`)).status).toBe(204);
    expect((await admin.get(`/${resource}/${id}`)).status).toBe(404);
  });

  it('a membership gives access at once: a new product member sees the product', async () => {
    const pt = await makeProductType();
    const product = await makeProduct(pt.id);
    const user = await makeUser();
    const userApi = t.api.as({ token: await tokenFor(user.id) });
    expect((await userApi.get(`/products/${product.id}`)).status).toBe(404);
    await admin.post('/product_members', { product: product.id, user: user.id, role: 'Reader' });
    expect((await userApi.get(`/products/${product.id}`)).status).toBe(200);
    expect((await userApi.get('/product_types')).body.count).toBe(0);
  });
});
