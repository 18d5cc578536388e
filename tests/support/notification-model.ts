// The randomized model check's two halves: random worlds, and a reference resolver of DESIGN §4
// written as plainly as possible, user by user, in TypeScript.
import { defaultChannels, EVENT_TYPES, EVENTS, PERSONAL_CHANNELS, SYSTEM_CHANNELS, type EventType } from '../../lib/core/event-catalog';
import { ROLES, SEVERITIES, type Role, type Severity } from '../../lib/db/schema/enums';

export type Floors = Partial<Record<string, Severity>>;
/** A settings row: channels per event, and per-channel severity floors. */
export type Matrix = Partial<Record<EventType, string[]>> & { minimum_severity?: Floors };

export interface QuietHours {
  timeZone: string;
  days: number[];
  from: string | null;
  until: string | null;
}

export interface ModelUser {
  key: number;
  id: number;
  active: boolean;
  superuser: boolean;
  globalRole: Role | null;
  email: string;
  slackUserId: string | null;
  slackEmail: string | null;
  quiet: QuietHours;
}
/** A mute of a program's product or finding; `until`: none, over, or still running. */
export interface ModelMute {
  userKey: number;
  programKey: number;
  of: 'product' | 'finding';
  until: 'none' | 'past' | 'future';
}
export interface ModelProgram {
  key: number;
  productTypeKey: number;
  productId: number;
  engagementId: number;
  testId: number;
  findingId: number;
}
export interface Integrations {
  mail: boolean;
  mailTo: string[];
  slack: boolean;
  slackToken: string | null;
  slackChannel: string | null;
  msteams: boolean;
  msteamsUrl: string | null;
  webhooks: boolean;
}
export interface Destinations {
  mailTo: string[] | null;
  slackChannel: string | null;
  msteamsUrl: string | null;
}
export interface Webhook {
  id: number;
  events: EventType[];
  enabled: boolean;
}

/** A world as generated (keys are indexes) and, once written, with database ids filled in. */
export interface World {
  users: ModelUser[];
  productTypeCount: number;
  productTypeIds: number[];
  programs: ModelProgram[];
  groups: number[][]; // member user keys per group
  productMembers: [programKey: number, userKey: number][];
  productTypeMembers: [productTypeKey: number, userKey: number][];
  productGroups: [programKey: number, groupKey: number][];
  productTypeGroups: [productTypeKey: number, groupKey: number][];
  system: Matrix | null;
  /** Events the system-wide row marks required (only when that row exists). */
  required: EventType[];
  mutes: ModelMute[];
  personal: Map<number, Matrix>; // by user key
  perProduct: Map<string, Matrix>; // by `${userKey}:${programKey}`
  integrations: Integrations | null;
  destinations: Map<number, Destinations>; // by program key
  webhooks: Webhook[];
}

export interface ModelEvent {
  type: EventType;
  subject:
    | { kind: 'none' }
    | { kind: 'productType'; key: number }
    | { kind: 'program'; key: number; level: 'product' | 'engagement' | 'test' | 'finding' };
  recipientKeys: number[] | null;
  actorKey: number | null;
  severity: Severity | null;
}

/** mulberry32: small, fast and seedable, so a failing world can be rebuilt from its seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const subset = <T>(items: readonly T[], p = 0.35): T[] => items.filter(() => chance(p));
  return { int, chance, pick, subset };
}
type Random = ReturnType<typeof random>;

const floors = (r: Random, channels: readonly string[]): Floors =>
  Object.fromEntries(channels.filter(() => r.chance(0.3)).map((c) => [c, r.pick(SEVERITIES)]));
const matrix = (r: Random, channels: readonly string[]): Matrix => ({
  ...Object.fromEntries(EVENT_TYPES.map((type) => [type, r.subset(channels)])),
  minimum_severity: r.chance(0.5) ? floors(r, channels) : {},
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const TIME_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
const clock = (r: Random) => `${String(r.int(24)).padStart(2, '0')}:${String(r.int(4) * 15).padStart(2, '0')}`;
function quietHours(r: Random): QuietHours {
  const timeZone = r.pick(TIME_ZONES);
  if (r.chance(0.4)) return { timeZone, days: [], from: null, until: null };
  const window = r.chance(0.8);
  return {
    timeZone,
    days: r.subset([1, 2, 3, 4, 5, 6, 7], 0.25).slice(0, 5),
    from: window ? clock(r) : null,
    until: window ? clock(r) : null,
  };
}

export function generateWorld(r: Random): World {
  const users: ModelUser[] = range(1 + r.int(8)).map((key) => ({
    key,
    id: 0,
    active: !r.chance(0.15),
    superuser: r.chance(0.12),
    globalRole: r.chance(0.12) ? r.pick(ROLES) : null,
    email: r.chance(0.8) ? `u${key}@example.com` : '',
    slackUserId: r.chance(0.3) ? `U${key}` : null,
    slackEmail: r.chance(0.2) ? `u${key}@slack.example` : null,
    quiet: quietHours(r),
  }));
  const typeCount = 1 + r.int(2);
  const programs = range(1 + r.int(3)).map((key) => ({
    key,
    productTypeKey: r.int(typeCount),
    productId: 0,
    engagementId: 0,
    testId: 0,
    findingId: 0,
  }));
  const groups = range(r.int(3)).map(() =>
    r.subset(
      users.map((u) => u.key),
      0.4,
    ),
  );
  const pairs = <A, B>(as: A[], bs: B[], p: number) => as.flatMap((a) => bs.filter(() => r.chance(p)).map((b) => [a, b] as [A, B]));
  const userKeys = users.map((u) => u.key);
  const programKeys = programs.map((p) => p.key);
  const typeKeys = range(typeCount);
  const groupKeys = groups.map((_, i) => i);
  return {
    users,
    productTypeCount: typeCount,
    productTypeIds: [],
    programs,
    groups,
    productMembers: pairs(programKeys, userKeys, 0.25),
    productTypeMembers: pairs(typeKeys, userKeys, 0.15),
    productGroups: pairs(programKeys, groupKeys, 0.3),
    productTypeGroups: pairs(typeKeys, groupKeys, 0.2),
    system: r.chance(0.75) ? matrix(r, SYSTEM_CHANNELS) : null,
    required: r.subset(EVENT_TYPES, 0.1),
    mutes: pairs(userKeys, programKeys, 0.2).map(([userKey, programKey]) => ({
      userKey,
      programKey,
      of: r.pick(['product', 'finding'] as const),
      until: r.pick(['none', 'past', 'future'] as const),
    })),
    personal: new Map(userKeys.filter(() => r.chance(0.6)).map((u) => [u, matrix(r, PERSONAL_CHANNELS)])),
    perProduct: new Map(pairs(userKeys, programKeys, 0.25).map(([u, p]) => [`${u}:${p}`, matrix(r, PERSONAL_CHANNELS)])),
    integrations: r.chance(0.85)
      ? {
          mail: r.chance(0.7),
          mailTo: r.chance(0.6) ? ['list@example.com', 'sec@example.com'].slice(0, 1 + r.int(2)) : [],
          slack: r.chance(0.7),
          slackToken: r.chance(0.7) ? 'xoxb' : null,
          slackChannel: r.chance(0.7) ? '#sec' : null,
          msteams: r.chance(0.6),
          msteamsUrl: r.chance(0.6) ? 'https://teams.example/sys' : null,
          webhooks: r.chance(0.6),
        }
      : null,
    destinations: new Map(
      programKeys
        .filter(() => r.chance(0.4))
        .map((p) => [
          p,
          {
            mailTo: r.chance(0.5) ? [`p${p}@example.com`] : null,
            slackChannel: r.chance(0.5) ? `#p${p}` : null,
            msteamsUrl: r.chance(0.5) ? `https://teams.example/p${p}` : null,
          },
        ]),
    ),
    webhooks: range(r.int(3)).map(() => ({ id: 0, events: r.subset(EVENT_TYPES, 0.3), enabled: r.chance(0.8) })),
  };
}

export function generateEvent(r: Random, world: World): ModelEvent {
  const roll = r.int(6);
  const subject: ModelEvent['subject'] =
    roll === 0
      ? { kind: 'none' }
      : roll === 1
        ? { kind: 'productType', key: r.int(world.productTypeCount) }
        : { kind: 'program', key: r.pick(world.programs).key, level: r.pick(['product', 'engagement', 'test', 'finding'] as const) };
  const userKeys = world.users.map((u) => u.key);
  return {
    type: r.pick(EVENT_TYPES),
    subject,
    recipientKeys: r.chance(0.4) ? r.subset(userKeys, 0.5) : null,
    actorKey: r.chance(0.5) ? r.pick(userKeys) : null,
    severity: r.chance(0.7) ? r.pick(SEVERITIES) : null,
  };
}

const RANK: Record<Severity, number> = { Info: 1, Low: 2, Medium: 3, High: 4, Critical: 5 };
const passes = (floors: Floors | undefined, channel: string, severity: Severity | null) =>
  severity === null || !floors?.[channel] || RANK[severity] >= RANK[floors[channel]!];

/** Whether `at` is in the user's quiet hours: a quiet day or inside the daily window, in their zone. */
export function isQuiet(quiet: QuietHours, at: Date): boolean {
  if (quiet.days.length === 0 && quiet.from === null) return false;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: quiet.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  if (quiet.days.includes(day)) return true;
  if (quiet.from === null || quiet.until === null) return false;
  const seconds = (hm: string) => Number(hm.slice(0, 2)) * 3600 + Number(hm.slice(3, 5)) * 60;
  const now = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second) + at.getMilliseconds() / 1000;
  const [from, until] = [seconds(quiet.from), seconds(quiet.until)];
  return from <= until ? now >= from && now < until : now >= from || now < until;
}

/** The reference: what DESIGN §4 says should happen, as sorted lines ("alert u3", "mail u3 a@b", "shared slack #sec"). */
export function expectedOutcome(world: World, event: ModelEvent, now: Date): string[] {
  const { type } = event;
  const subject = event.subject;
  const program = subject.kind === 'program' ? world.programs[subject.key]! : null;
  const typeKey = subject.kind === 'productType' ? subject.key : (program?.productTypeKey ?? null);
  const groupsOf = (userKey: number) => world.groups.flatMap((members, g) => (members.includes(userKey) ? [g] : []));

  const canView = (u: ModelUser): boolean => {
    if (!u.active) return false;
    if (u.superuser || u.globalRole || typeKey === null) return true;
    const groups = groupsOf(u.key);
    const inType =
      world.productTypeMembers.some(([t, k]) => t === typeKey && k === u.key) ||
      world.productTypeGroups.some(([t, g]) => t === typeKey && groups.includes(g));
    if (inType || !program) return inType;
    return (
      world.productMembers.some(([p, k]) => p === program.key && k === u.key) ||
      world.productGroups.some(([p, g]) => p === program.key && groups.includes(g))
    );
  };

  const explicit = event.recipientKeys !== null;
  const { severity } = event;
  const allSystemChannels = world.system?.[type] ?? defaultChannels(type);
  // §4b.1: the system-wide floors filter the system-wide alert and the shared destinations.
  const systemChannels = allSystemChannels.filter((c) => passes(world.system?.minimum_severity, c, severity));
  const required = world.system !== null && world.required.includes(type);
  const integ = world.integrations;
  const lines: string[] = [];
  const level = subject.kind === 'program' ? subject.level : null;
  const muted = (u: ModelUser) =>
    !explicit &&
    program !== null &&
    world.mutes.some(
      (m) => m.userKey === u.key && m.programKey === program.key && m.until !== 'past' && (m.of === 'product' || level === 'finding'),
    );
  const namedReason = type === 'review_requested' || type === 'code_review' ? 'review_request' : 'mention';

  for (const u of world.users) {
    if (explicit && !event.recipientKeys!.includes(u.key)) continue;
    if (!canView(u)) continue;
    if (EVENTS[type].skipsActor && event.actorKey === u.key) continue;
    // Each channel with the reasons that reach it, most important first in `reasonOf`.
    const reasons = new Map<string, Set<string>>();
    const add = (channel: string, reason: string) => reasons.set(channel, (reasons.get(channel) ?? new Set()).add(reason));
    if (!muted(u)) {
      const own = world.personal.get(u.key);
      for (const c of own?.[type] ?? []) if (passes(own?.minimum_severity, c, severity)) add(c, 'personal');
      const perProduct = program ? world.perProduct.get(`${u.key}:${program.key}`) : undefined;
      for (const c of perProduct?.[type] ?? []) if (passes(perProduct?.minimum_severity, c, severity)) add(c, 'product');
      if (systemChannels.includes('alert')) add('alert', 'system');
      if (explicit) for (const c of ['mail', 'slack']) if (systemChannels.includes(c)) add(c, 'mention');
    }
    if (required) for (const c of ['alert', 'mail', 'slack']) if (allSystemChannels.includes(c)) add(c, 'required');
    const reasonOf = (channel: string) => {
      const r = reasons.get(channel)!;
      if (r.has('required')) return 'required';
      if (explicit) return namedReason;
      return ['system', 'product', 'personal'].find((x) => r.has(x))!;
    };
    // §4b.4: mail and DMs wait out quiet hours, unless Critical or required.
    const held = (channel: string) => severity !== 'Critical' && !reasons.get(channel)!.has('required') && isQuiet(u.quiet, now);
    const hold = (channel: string) => (held(channel) ? ' held' : '');

    if (reasons.has('alert')) lines.push(`alert u${u.key} ${reasonOf('alert')}`);
    if (reasons.has('mail') && integ?.mail && u.email) lines.push(`mail u${u.key} ${u.email} ${reasonOf('mail')}${hold('mail')}`);
    const slackTarget = u.slackUserId ?? u.slackEmail;
    if (reasons.has('slack') && integ?.slack && integ.slackToken && slackTarget) {
      lines.push(`slack u${u.key} ${slackTarget} ${reasonOf('slack')}${hold('slack')}`);
    }
  }

  if (!explicit && integ) {
    const own = program ? world.destinations.get(program.key) : undefined;
    const mailTo = own?.mailTo ?? integ.mailTo;
    const slackChannel = own?.slackChannel ?? integ.slackChannel;
    const via = (ownValue: unknown) => (ownValue ? `product${program!.key}` : 'system');
    if (systemChannels.includes('mail') && integ.mail && mailTo.length) lines.push(`shared mail ${via(own?.mailTo)} ${mailTo.join(',')}`);
    if (systemChannels.includes('slack') && integ.slack && integ.slackToken && slackChannel)
      lines.push(`shared slack ${via(own?.slackChannel)} ${slackChannel}`);
    if (systemChannels.includes('msteams') && integ.msteams && (own?.msteamsUrl || integ.msteamsUrl))
      lines.push(`shared msteams ${via(own?.msteamsUrl)}`);
    if (systemChannels.includes('webhooks') && integ.webhooks) {
      world.webhooks.forEach((w, i) => {
        if (w.enabled && w.events.includes(type)) lines.push(`shared webhooks w${i}`);
      });
    }
  }
  return lines.sort();
}
