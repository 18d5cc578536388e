// What the bell says about why an alert came (DESIGN §4b, "Because: your settings for Payments API")
// and where the user changes it. Plain functions, no server imports: the API, the realtime sidecar
// and the bell all use them.
import type { NotificationReason } from '../db/schema/notifications';

export interface ReasonFacts {
  reason: NotificationReason;
  productId: number | null;
  productName: string | null;
}

/** The words after "Because: ". */
export function reasonLabel({ reason, productName }: ReasonFacts): string {
  switch (reason) {
    case 'system':
      return 'sent to all users';
    case 'personal':
      return 'your notification settings';
    case 'product':
      return `your settings for ${productName ?? 'a product'}`;
    case 'mention':
      return 'you were mentioned';
    case 'review_request':
      return 'your review was requested';
    case 'required':
      return 'a required event (set by your administrators)';
  }
}

/**
 * The page where the setting that caused it is shown: the product's own settings for `product`,
 * the user's settings otherwise (system-wide and required cells show there, locked, with why).
 */
export function reasonSettingsUrl({ reason, productId }: ReasonFacts): string {
  return reason === 'product' && productId !== null ? `/products/${productId}/notifications` : '/settings/notifications';
}
