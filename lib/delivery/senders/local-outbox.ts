// Email with no Resend key configured: rendered exactly as it would be sent, for the caller to keep
// in the local outbox that admins read in the app. Pure: it stores nothing itself.
import { renderMessageEmail, type RenderedEmail } from '../templates/render';
import type { DeliveryMessage } from '../types';

export interface LocalOutboxEmail extends RenderedEmail {
  deliveryId: string;
  from: string;
  to: string[];
}

export async function renderForLocalOutbox(
  message: DeliveryMessage<'mail'>,
  config: { from: string; appUrl: string },
): Promise<LocalOutboxEmail> {
  const rendered = await renderMessageEmail(message, config.appUrl);
  return { deliveryId: message.deliveryId, from: config.from, to: message.destination.to, ...rendered };
}
