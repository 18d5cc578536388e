// A fake Slack Web API (`<url>/api/<method>`): chat.postMessage, users.lookupByEmail,
// conversations.open and auth.test, form or JSON bodies, errors as HTTP 200 `{ok:false}`, and 429 with
// Retry-After past an optional per-channel rate.
import { FakeServer, PerSecondCounter, type FakeResponse, type RecordedRequest } from './fake-server';

export interface FakeSlackOptions {
  token?: string;
  /** Channel ids (or names) that exist. */
  channels?: string[];
  archived?: string[];
  users?: { id: string; email: string }[];
  /** chat.postMessage per channel per second (Slack: about 1); unlimited when unset. */
  perChannelPerSecond?: number;
}

export interface SlackPost {
  channel: string;
  ts: string;
  /** Every argument as received, `blocks` parsed. */
  args: Record<string, unknown>;
}

type Args = Record<string, unknown>;

export class FakeSlack extends FakeServer {
  readonly posts: SlackPost[] = [];
  private readonly token: string;
  private readonly channels: Set<string>;
  private readonly archived: Set<string>;
  private readonly users: { id: string; email: string }[];
  private readonly perChannelPerSecond: number | undefined;
  private readonly counter = new PerSecondCounter();
  private sequence = 0;

  constructor(options: FakeSlackOptions = {}) {
    super();
    this.token = options.token ?? 'xoxb-test-token';
    this.channels = new Set(options.channels ?? ['C0GENERAL']);
    this.archived = new Set(options.archived ?? []);
    this.users = options.users ?? [];
    this.perChannelPerSecond = options.perChannelPerSecond;
  }

  override reset(): this {
    this.posts.length = 0;
    return super.reset();
  }

  /** The base URL to give the client as `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  protected override faultBody(status: number) {
    return status === 429 ? { ok: false, error: 'ratelimited' } : 'Internal Server Error';
  }

  protected handle(request: RecordedRequest): FakeResponse {
    const method = request.path.replace(/^\/api\//, '');
    const args = parseArgs(request);
    if (!args) return ok200({ ok: false, error: 'invalid_form_data' });
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) return ok200({ ok: false, error: 'not_authed' });
    if (token !== this.token) return ok200({ ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return ok200({
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'tocsin',
          team_id: 'T0FAKE',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        });
      case 'users.lookupByEmail': {
        const email = String(args.email ?? '').toLowerCase();
        const user = this.users.find((u) => u.email.toLowerCase() === email);
        return ok200(
          user
            ? { ok: true, user: { id: user.id, name: user.email.split('@')[0], profile: { email: user.email } } }
            : { ok: false, error: 'users_not_found' },
        );
      }
      case 'conversations.open': {
        const ids = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        if (ids.length < 1 || ids.length > 8) return ok200({ ok: false, error: 'invalid_arguments' });
        if (!ids.every((id) => this.users.some((u) => u.id === id))) return ok200({ ok: false, error: 'user_not_found' });
        const id = `D${ids.join('')}`;
        this.channels.add(id);
        return ok200({ ok: true, channel: { id } });
      }
      case 'chat.postMessage':
        return this.postMessage(args);
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  }

  private postMessage(args: Args): FakeResponse {
    const channel = String(args.channel ?? '');
    const isUser = this.users.some((u) => u.id === channel);
    if (!this.channels.has(channel) && !isUser) return ok200({ ok: false, error: 'channel_not_found' });
    if (this.archived.has(channel)) return ok200({ ok: false, error: 'is_archived' });
    if (this.perChannelPerSecond !== undefined && this.counter.hit(channel).count > this.perChannelPerSecond) {
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    }
    if (typeof args.blocks === 'string') {
      try {
        args.blocks = JSON.parse(args.blocks);
      } catch {
        return ok200({ ok: false, error: 'invalid_blocks_format' });
      }
    }
    if (args.blocks !== undefined && !validBlocks(args.blocks)) return ok200({ ok: false, error: 'invalid_blocks' });
    if (!args.text && !args.blocks) return ok200({ ok: false, error: 'no_text' });
    this.sequence += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
    this.posts.push({ channel, ts, args });
    return ok200({ ok: true, channel, ts, message: { type: 'message', text: args.text, blocks: args.blocks, ts } });
  }
}

export async function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  return new FakeSlack(options).listen();
}

function ok200(body: unknown): FakeResponse {
  return { status: 200, body };
}

function parseArgs(request: RecordedRequest): Args | null {
  const type = request.headers['content-type'] ?? '';
  const text = request.body.toString('utf8');
  if (type.startsWith('application/json')) {
    try {
      return JSON.parse(text) as Args;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** The Block Kit limits Slack enforces with `invalid_blocks`. */
function validBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks) || blocks.length > 50) return false;
  return blocks.every((block: Record<string, unknown>) => {
    const text = (block.text as { text?: string } | undefined)?.text ?? '';
    const fields = (block.fields as { text: string }[] | undefined) ?? [];
    switch (block.type) {
      case 'header':
        return text.length > 0 && text.length <= 150;
      case 'section':
        return (
          text.length <= 3000 && fields.length <= 10 && fields.every((f) => f.text.length <= 2000) && (text.length > 0 || fields.length > 0)
        );
      case 'context':
      case 'actions':
      case 'divider':
        return true;
      default:
        return false;
    }
  });
}
