// Domain rules around findings, called directly (no HTTP): SLA dates, mentions in notes, review
// requests, and that a failed mutation leaves nothing behind.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { noteMentions, products, reviewRequests } from '@/lib/db/schema';
import { createFinding, updateFinding } from '@/lib/domain/findings';
import { createNote } from '@/lib/domain/notes';
import { requestReview } from '@/lib/domain/review-requests';
import { addDays, toIsoDate } from '@/lib/domain/sla';
import {
  addProductGroup,
  addProductMember,
  addProductTypeMember,
  makeGroup,
  makeProductType,
  makeProgram,
  makeUser,
  type User,
} from '../support/fixtures';

let program: Awaited<ReturnType<typeof makeProgram>>;
let superuser: User;
const today = toIsoDate(new Date());

beforeAll(async () => {
  const pt = await makeProductType();
  program = await makeProgram(pt.id);
  superuser = await makeUser({ isSuperuser: true });
});

function value<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('SLA due dates', () => {
  it('a new finding is due after the system-wide days for its severity, counted from the day it was found', async () => {
    const critical = value(await createFinding(db(), superuser, { test: program.test.id, title: 'c', severity: 'Critical' }));
    expect(critical.sla_expiration_date).toBe(addDays(today, 7));
    const low = value(await createFinding(db(), superuser, { test: program.test.id, title: 'l', severity: 'Low', date: '2026-01-01' }));
    expect(low.sla_expiration_date).toBe('2026-05-01');
  });

  it('Info findings have no SLA', async () => {
    const info = value(await createFinding(db(), superuser, { test: program.test.id, title: 'i', severity: 'Info' }));
    expect(info.sla_expiration_date).toBeNull();
  });

  it("the product's own days win over the system-wide ones", async () => {
    const pt = await makeProductType();
    const own = await makeProgram(pt.id);
    await db().update(products).set({ slaCriticalDays: 2 }).where(eq(products.id, own.product.id));
    const finding = value(
      await createFinding(db(), superuser, { test: own.test.id, title: 'c', severity: 'Critical', date: '2026-01-01' }),
    );
    expect(finding.sla_expiration_date).toBe('2026-01-03');
  });

  it('changing the severity or the found-on date moves the due date; other changes do not', async () => {
    const finding = value(
      await createFinding(db(), superuser, { test: program.test.id, title: 'm', severity: 'Medium', date: '2026-01-01' }),
    );
    expect(finding.sla_expiration_date).toBe('2026-04-01');
    expect(value(await updateFinding(db(), superuser, finding.id, { severity: 'High' })).sla_expiration_date).toBe('2026-01-31');
    expect(value(await updateFinding(db(), superuser, finding.id, { date: '2026-02-01' })).sla_expiration_date).toBe('2026-03-03');
    expect(value(await updateFinding(db(), superuser, finding.id, { title: 'renamed', active: false })).sla_expiration_date).toBe(
      '2026-03-03',
    );
  });
});

describe('mentions', () => {
  let author: User;
  let member: User;
  let viaGroup: User;
  let globalReader: User;
  let outsider: User;
  let inactive: User;

  beforeAll(async () => {
    author = await makeUser({ username: 'author-x' });
    member = await makeUser({ username: 'Member.One' });
    viaGroup = await makeUser({ username: 'via-group' });
    globalReader = await makeUser({ username: 'global_reader', globalRole: 'Reader' });
    outsider = await makeUser({ username: 'outsider-x' });
    inactive = await makeUser({ username: 'gone-x', isActive: false });
    await addProductMember(program.product.id, author.id, 'Writer');
    await addProductMember(program.product.id, member.id, 'Reader');
    await addProductMember(program.product.id, inactive.id, 'Reader');
    await addProductGroup(program.product.id, (await makeGroup([viaGroup.id])).id, 'Reader');
  });

  async function mentionsOf(entry: string, by: User = author): Promise<number[]> {
    const note = value(await createNote(db(), by, program.finding.id, { entry }));
    const stored = await db().select().from(noteMentions).where(eq(noteMentions.noteId, note.id));
    expect(stored.map((m) => m.userId).sort()).toEqual(note.mentions);
    return note.mentions;
  }

  it('mentions users who can see the finding: members, group members, global roles; in any case', async () => {
    const mentions = await mentionsOf('@member.one @VIA-GROUP and @global_reader, have a look');
    expect(mentions).toEqual([member.id, viaGroup.id, globalReader.id].sort((a, b) => a - b));
  });

  it('never mentions someone who cannot see the finding, an inactive user or the author', async () => {
    expect(await mentionsOf('@outsider-x @gone-x @author-x')).toEqual([]);
  });

  it('a name at the end of a sentence still counts; an email address does not', async () => {
    expect(await mentionsOf('Thanks @Member.One.')).toEqual([member.id]);
    expect(await mentionsOf('write to via-group@example.com')).toEqual([]);
  });

  it('someone who may not comment cannot write a note; someone who cannot see the finding gets not_found', async () => {
    const importer = await makeUser();
    await addProductMember(program.product.id, importer.id, 'API Importer');
    expect(await createNote(db(), importer, program.finding.id, { entry: 'x' })).toMatchObject({ ok: false, status: 403 });
    expect(await createNote(db(), outsider, program.finding.id, { entry: 'x' })).toMatchObject({ ok: false, status: 404 });
  });
});

describe('review requests', () => {
  let writer: User;
  let reader: User;
  let outsider: User;

  beforeAll(async () => {
    writer = await makeUser();
    reader = await makeUser();
    outsider = await makeUser();
    await addProductTypeMember(program.product.prodTypeId, writer.id, 'Writer');
    await addProductMember(program.product.id, reader.id, 'Reader');
  });

  it('a Writer may request a review from users who can see the finding', async () => {
    const request = value(await requestReview(db(), writer, program.finding.id, { reviewers: [reader.id, superuser.id] }));
    expect(request).toMatchObject({
      finding: program.finding.id,
      requested_by: writer.id,
      reviewers: [reader.id, superuser.id].sort((a, b) => a - b),
    });
  });

  it('a Reader may not (403); someone who cannot see the finding gets 404', async () => {
    expect(await requestReview(db(), reader, program.finding.id, { reviewers: [writer.id] })).toMatchObject({ ok: false, status: 403 });
    expect(await requestReview(db(), outsider, program.finding.id, { reviewers: [writer.id] })).toMatchObject({ ok: false, status: 404 });
  });

  it('a reviewer who cannot see the finding, is inactive or does not exist is refused, and nothing is stored', async () => {
    const inactive = await makeUser({ isActive: false });
    await addProductMember(program.product.id, inactive.id, 'Owner');
    const countBefore = (await db().select().from(reviewRequests)).length;
    const refused = await requestReview(db(), writer, program.finding.id, { reviewers: [reader.id, outsider.id, inactive.id, 999_999] });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(!refused.ok && refused.errors?.reviewers).toHaveLength(3);
    expect((await db().select().from(reviewRequests)).length).toBe(countBefore);
  });

  it('the list of reviewers is checked: not empty, no duplicates', async () => {
    expect(await requestReview(db(), writer, program.finding.id, { reviewers: [] })).toMatchObject({ status: 400 });
    expect(await requestReview(db(), writer, program.finding.id, { reviewers: [reader.id, reader.id] })).toMatchObject({ status: 400 });
  });
});
