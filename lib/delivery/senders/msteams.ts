// Microsoft Teams through a Workflows webhook: a message carrying one Adaptive Card (connector
// webhooks and MessageCard are retired). The URL is the credential: it never appears in an error.
import { escapeTeamsMarkdown, escapeWithin, safeHttpUrl } from '../escape';
import { eventLabel, SEVERITY_COLOURS, subjectLines } from '../event-text';
import { httpFailure, safeDetail } from '../http-failure';
import { postBytes } from '../http-post';
import { teamsScanElements } from './scan-blocks';
import type { DeliveryEvent, DeliveryMessage, Sender } from '../types';

export interface TeamsConfig {
  allowPrivate: boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** Teams refuses messages over about 28 KB; stay well below it. */
export const MAX_TEAMS_PAYLOAD_BYTES = 26_000;
const FACT_VALUE_MAX = 300;

export function createTeamsSender(config: TeamsConfig): Sender<'msteams'> {
  return {
    channel: 'msteams',
    async send(message: DeliveryMessage<'msteams'>) {
      const url = message.destination.url;
      const body = Buffer.from(JSON.stringify(teamsPayload(message.event)), 'utf8');
      const outcome = await postBytes(
        url,
        body,
        { 'content-type': 'application/json;charset=utf-8' },
        { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, allowPrivate: config.allowPrivate },
      );
      switch (outcome.kind) {
        case 'refused':
          return { ok: false, retryable: false, error: `Teams webhook refused: ${outcome.error}` };
        case 'timeout':
          return { ok: false, retryable: true, error: 'Teams webhook did not answer in time' };
        case 'network':
          return { ok: false, retryable: true, error: `Teams webhook: ${outcome.error}` };
        case 'response':
          // 202: accepted by the flow (which posts asynchronously); 200: the legacy connector's answer.
          if (outcome.status === 200 || outcome.status === 202) return { ok: true };
          return httpFailure(
            outcome.status,
            headerValue(outcome.headers['retry-after']),
            `Teams webhook answered HTTP ${outcome.status}${detail(outcome.body, url)}`,
          );
      }
    },
  };
}

/** The Workflows envelope: `{type: "message", attachments: [one Adaptive Card 1.4]}`, under the size limit. */
function teamsPayload(event: DeliveryEvent) {
  let descriptionMax = 4000;
  for (;;) {
    const payload = envelope(card(event, descriptionMax));
    if (descriptionMax === 0 || Buffer.byteLength(JSON.stringify(payload), 'utf8') <= MAX_TEAMS_PAYLOAD_BYTES) return payload;
    descriptionMax = descriptionMax > 500 ? Math.floor(descriptionMax / 2) : 0;
  }
}

function envelope(content: Record<string, unknown>) {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

function card(event: DeliveryEvent, descriptionMax: number): Record<string, unknown> {
  const escape = escapeTeamsMarkdown;
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: escape(eventLabel(event.type)), isSubtle: true, size: 'Small', wrap: true },
    { type: 'TextBlock', text: escapeWithin(event.title, 500, escape), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  const severity = event.severity ? SEVERITY_COLOURS[event.severity] : undefined;
  if (severity) body.push({ type: 'TextBlock', text: `Severity: ${event.severity}`, color: severity.teams, weight: 'Bolder', wrap: true });
  if (event.scan && descriptionMax > 0) {
    body.push(...teamsScanElements(event.scan));
  } else if (event.description && descriptionMax > 0) {
    // Markdown needs a blank line to break a line.
    const text = escapeWithin(event.description, descriptionMax, escape).replace(/\r?\n/g, '\n\n');
    body.push({ type: 'TextBlock', text, wrap: true });
  }
  const facts = subjectLines(event).map((l) => ({ title: l.label, value: escapeWithin(l.value, FACT_VALUE_MAX, escape) }));
  if (facts.length > 0) body.push({ type: 'FactSet', facts });
  const link = safeHttpUrl(event.url);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    // Workflows reject versions above 1.4.
    version: '1.4',
    body,
    ...(link && { actions: [{ type: 'Action.OpenUrl', title: 'Open in Tocsin', url: link }] }),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function detail(body: string, url: string): string {
  const text = safeDetail(body, [url, new URL(url).searchParams.get('sig') ?? '']);
  return text ? `: ${text}` : '';
}
