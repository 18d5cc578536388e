import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingStatus, SlaDate } from '@/components/findings/finding-table';
import { NotesSection } from '@/components/findings/notes-section';
import { ReviewRequestsSection } from '@/components/findings/review-requests-section';
import { ScanDetails } from '@/components/findings/scan-details';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { MuteControls } from '@/components/mutes/mute-controls';
import { SeverityBadge } from '@/components/severity-badge';
import { DetailList } from '@/components/ui/detail-list';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { listFindingViewers } from '@/lib/domain/finding-audience';
import { getFinding } from '@/lib/domain/findings';
import { muteOf } from '@/lib/domain/mutes';
import { listNotes } from '@/lib/domain/notes';
import { listReviewRequests } from '@/lib/domain/review-requests';
import { getTest } from '@/lib/domain/tests';
import { usernamesOf } from '@/lib/domain/user-names';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { muteAction, unmuteAction } from '../../mute-actions';
import { addNoteAction, deleteFindingAction, requestReviewAction } from '../actions';

export const metadata: Metadata = { title: 'Finding' };

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const finding = await found(getFinding(db(), user, id));
  const trail = await programTrail(db(), { finding: id });
  const subject = { kind: 'finding', id } as const;
  const [canEdit, canDelete, canComment, test, notes, requests, viewers, mute] = await Promise.all([
    can(db(), user, subject, 'edit'),
    can(db(), user, subject, 'delete'),
    can(db(), user, subject, 'comment'),
    found(getTest(db(), user, finding.test)),
    found(listNotes(db(), user, id, ALL_ROWS)),
    found(listReviewRequests(db(), user, id, ALL_ROWS)),
    found(listFindingViewers(db(), user, id)),
    muteOf(db(), user, { finding: id }),
  ]);
  const usernames = await usernamesOf(db(), [
    finding.reporter,
    ...notes.results.flatMap((n) => [n.author, ...n.mentions]),
    ...requests.results.flatMap((r) => [r.requested_by, ...r.reviewers]),
  ]);
  const others = viewers.filter((v) => v.id !== user.id);
  return (
    <>
      <PageHeader
        title={finding.title}
        crumbs={trail.slice(0, -1)}
        actions={
          <>
            <MuteControls kind="finding" subject={id} mute={mute} muteAction={muteAction} unmuteAction={unmuteAction} />
            {canEdit && <LinkButton href={`/findings/${id}/edit`}>Edit</LinkButton>}
            {canDelete && (
              <DeleteConfirmation
                action={deleteFindingAction}
                id={id}
                what={`finding ${finding.title}`}
                consequence="Its notes are deleted too."
              />
            )}
          </>
        }
      />
      <DetailList
        items={[
          ['Severity', <SeverityBadge key="s" severity={finding.severity} />],
          ['Status', <FindingStatus key="st" finding={finding} />],
          ['Found on', finding.date],
          ['SLA due', <SlaDate key="sla" finding={finding} />],
          ['Reporter', finding.reporter ? (usernames.get(finding.reporter) ?? 'former user') : '—'],
          [
            'Test',
            <Link key="t" href={`/tests/${test.id}`} className={LINK}>
              {test.title} ({test.test_type})
            </Link>,
          ],
        ]}
      />
      <ScanDetails finding={finding} />
      {finding.description && (
        <Section title="Description" id="description">
          <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap break-words">{finding.description}</p>
        </Section>
      )}
      <NotesSection
        findingId={id}
        notes={notes.results}
        usernames={usernames}
        canComment={canComment}
        addNote={addNoteAction}
        people={others.map((v) => ({ username: v.username, name: [v.first_name, v.last_name].filter(Boolean).join(' ') }))}
      />
      <ReviewRequestsSection
        findingId={id}
        requests={requests.results}
        usernames={usernames}
        canRequest={canEdit}
        requestReview={requestReviewAction}
        reviewers={others.map((v) => ({ value: v.id, label: v.username }))}
      />
    </>
  );
}
