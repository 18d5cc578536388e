// A provider fake in its own process for the delivery benchmark, so that one fake's work (Resend
// parsing megabytes of batch JSON) does not delay the other's answers and skew its rate counting.
// Started with `node --import tsx delivery-fake-process.ts <resend|slack> '<options json>'`; talks
// over IPC: sends {url} when listening, answers 'report' with what it recorded, then exits.
import type { FakeResponse, FakeServer, RecordedRequest } from '../fakes/fake-server';
import { startFakeResend } from '../fakes/resend';
import { startFakeSlack } from '../fakes/slack';

export interface Answer {
  at: number;
  status: number;
  path: string;
  channel?: string;
}

export interface FakeReport {
  answers: Answer[];
  /** Emails in the inbox, or Slack messages posted. */
  delivered: number;
}

/** Records every answer's time and status (the fakes record requests, not what they answered). */
function recordAnswers(fake: FakeServer, latencyMs: number): Answer[] {
  const answers: Answer[] = [];
  const target = fake as unknown as { handle: (r: RecordedRequest) => FakeResponse | Promise<FakeResponse> };
  const handle = target.handle.bind(fake);
  target.handle = async (request) => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const response = await handle(request);
    const channel = new URLSearchParams(request.body.toString('utf8')).get('channel') ?? undefined;
    answers.push({ at: Date.now(), status: response.status, path: request.path, ...(channel && { channel }) });
    return response;
  };
  return answers;
}

async function main(): Promise<void> {
  const [kind, json] = process.argv.slice(2);
  const { latencyMs, ...options } = JSON.parse(json ?? '{}') as { latencyMs: number } & Record<string, unknown>;
  const fake = kind === 'resend' ? await startFakeResend(options) : await startFakeSlack(options);
  // Only what was delivered is counted, not kept: the bench needs numbers, not ten thousand emails.
  const answers = recordAnswers(fake, latencyMs);
  process.send!({ url: 'apiUrl' in fake ? fake.apiUrl : fake.url });
  process.on('message', async (message) => {
    if (message !== 'report') return;
    const delivered = 'inbox' in fake ? fake.inbox.length : fake.posts.length;
    process.send!({ answers, delivered } satisfies FakeReport, () => void fake.close().then(() => process.exit(0)));
  });
}

void main();
