import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxListField, type Option } from '@/components/forms/fields';
import { Card, Section } from '@/components/ui/section';
import type { FormAction } from '@/lib/session/action';
import type { ReviewRequest } from '@/lib/domain/review-requests';

/** Past review requests of a finding, and (for those who may edit it) a form to ask for another. */
export function ReviewRequestsSection({
  findingId,
  requests,
  usernames,
  reviewers,
  canRequest,
  requestReview,
}: {
  findingId: number;
  requests: ReviewRequest[];
  usernames: Map<number, string>;
  /** The people who can see the finding, the caller excepted. */
  reviewers: Option[];
  canRequest: boolean;
  requestReview: FormAction;
}) {
  if (!canRequest && requests.length === 0) return null;
  const name = (id: number | null) => (id ? (usernames.get(id) ?? 'former user') : 'former user');
  return (
    <Section title="Review requests" id="reviews">
      {requests.length > 0 && (
        <ul className="mb-4 space-y-1 text-sm" data-testid="review-requests">
          {requests.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{name(r.requested_by)}</span> asked {r.reviewers.map(name).join(', ')} for a review
              <span className="text-slate-500"> · {r.created.slice(0, 10)}</span>
            </li>
          ))}
        </ul>
      )}
      {canRequest && (
        <Card>
          <ActionForm action={requestReview} label="Request a review" successMessage="Review requested." className="space-y-3">
            <input type="hidden" name="finding" value={findingId} />
            <CheckboxListField
              name="reviewers"
              label="Request a review from"
              options={reviewers}
              emptyText="Nobody else can see this finding."
            />
            <SubmitButton kind="secondary" pendingLabel="Requesting…">
              Request a review
            </SubmitButton>
          </ActionForm>
        </Card>
      )}
    </Section>
  );
}
