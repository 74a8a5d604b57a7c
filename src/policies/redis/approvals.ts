// Pending approvals shared by every replica of a deployment: an approval requested through one
// replica can be approved in any replica's console and is consumed exactly once fleet-wide.
//
// - One hash per approval (TTL: its expiry plus an hour of history), a digest index (digest → id,
//   TTL = the approval's) and a sorted-set list for the console.
// - request(), decide() and consume() are Lua scripts: two replicas racing on the same call get one
//   approval, a decision is made once, and an approved call runs once.
// - waitForDecision() listens on a pub/sub channel (decide publishes) and also polls, so a message
//   lost while a connection was down only delays the answer.
// - `instance` is the deployment (the key prefix), not the process: "an approval belongs to this
//   server instance" becomes "belongs to this deployment". Another deployment (another prefix) on
//   the same Redis never sees it.
// - Times (createdAt, expiresAt, decidedAt) are the callers' clocks: replicas need synchronised
//   clocks (NTP), which matters at the scale of the approval TTL (minutes), not milliseconds.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { KEEP_DECIDED_MS, boundDigest, consoleOrder, requesterKey, type Approval, type ApprovalStatus, type ApprovalStore, type DecideResult, type NewApproval, type Requester } from '../approvals.js';
import { guarded } from './errors.js';
import type { RedisKeys } from './keys.js';
import { CONSUME_APPROVAL, DECIDE_APPROVAL, REQUEST_APPROVAL, runScript } from './scripts.js';

/** Decided approvals stay visible in the console this long (as MemoryApprovalStore keeps them). */

export interface RedisApprovalStoreOptions {
  redis: Redis;
  /** A connection in subscriber mode for decision notices; without it, waitForDecision only polls. */
  subscriber?: Redis;
  keys: RedisKeys;
  /** The deployment's name in Approval.instance (default: the key prefix). */
  instance?: string;
  /** For waitForDecision, which has no `now` argument. */
  clock?: () => number;
  /** Polling fallback while waiting for a decision (default 1000 ms). */
  pollMs?: number;
  /** For error messages only (redacted). */
  url?: string;
}

type Body = Pick<Approval, 'tool' | 'title' | 'action' | 'facts' | 'snapshot' | 'client' | 'caller' | 'clientId'>;

/** HGETALL's flat [field, value, …] array → an Approval, with expiry applied as of `now`. */
function toApproval(flat: unknown, now: number): Approval | undefined {
  if (!Array.isArray(flat) || flat.length === 0) return undefined;
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[String(flat[i])] = String(flat[i + 1]);
  return fromHash(h, now);
}

function fromHash(h: Record<string, string>, now: number): Approval | undefined {
  if (!h.id || !h.body) return undefined;
  const body = JSON.parse(h.body) as Body;
  const expiresAt = Number(h.expiresAt);
  let status = h.status as ApprovalStatus;
  if ((status === 'pending' || status === 'approved') && expiresAt <= now) status = 'expired';
  return {
    id: h.id,
    instance: h.instance ?? '',
    digest: h.digest ?? '',
    tool: body.tool,
    title: body.title,
    action: body.action,
    facts: body.facts,
    ...(body.snapshot && { snapshot: body.snapshot }),
    client: body.client,
    ...(body.caller && { caller: body.caller }),
    ...(body.clientId && { clientId: body.clientId }),
    createdAt: Number(h.createdAt),
    expiresAt,
    status,
    ...(h.decidedBy !== undefined && { decidedBy: h.decidedBy }),
    ...(h.decidedAt !== undefined && { decidedAt: Number(h.decidedAt) }),
  };
}

export class RedisApprovalStore implements ApprovalStore {
  readonly instance: string;
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly clock: () => number;
  private readonly pollMs: number;
  private readonly url: string;
  private readonly events = new EventEmitter();
  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.keys.approvalChannel) return;
    const [kind, id] = message.split(' ');
    if (kind === 'decided' && id) this.events.emit(`decided:${id}`);
    this.events.emit('change');
  };
  private readonly subscriber: Redis | undefined;
  private subscribed: Promise<void> | undefined;

  constructor(o: RedisApprovalStoreOptions) {
    this.redis = o.redis;
    this.keys = o.keys;
    this.instance = o.instance ?? o.keys.prefix;
    this.clock = o.clock ?? Date.now;
    this.pollMs = o.pollMs ?? 1000;
    this.url = o.url ?? '';
    this.subscriber = o.subscriber;
    this.events.setMaxListeners(0);
  }

  /** Subscribes to decision notices; waitForDecision calls it too, so it is optional. */
  listen(): Promise<void> {
    if (!this.subscriber) return Promise.resolve();
    this.subscribed ??= (async () => {
      this.subscriber!.on('message', this.onMessage);
      await this.subscriber!.subscribe(this.keys.approvalChannel);
    })().catch((err) => {
      this.subscribed = undefined;
      throw err;
    });
    return this.subscribed;
  }

  /** Stops listening (the connections themselves belong to whoever made them). */
  async detach(): Promise<void> {
    if (!this.subscriber || !this.subscribed) return;
    this.subscriber.off('message', this.onMessage);
    this.subscribed = undefined;
    await this.subscriber.unsubscribe(this.keys.approvalChannel).catch(() => {});
  }

  async request(input: NewApproval, ttlMs: number, now: number): Promise<{ approval: Approval; created: boolean }> {
    return guarded('register the approval request', this.url, async () => {
      const body: Body = {
        tool: input.tool, title: input.title, action: input.action, facts: input.facts, client: input.client,
        ...(input.snapshot && { snapshot: input.snapshot }),
        ...(input.caller && { caller: input.caller }),
        ...(input.clientId && { clientId: input.clientId }),
      };
      const id = randomBytes(9).toString('base64url');
      const r = (await runScript(this.redis, REQUEST_APPROVAL, [this.keys.digest(boundDigest(input.digest, input)), this.keys.approvalIndex], [
        this.keys.approvalPrefix, id, now, now + ttlMs, ttlMs, KEEP_DECIDED_MS, this.instance, input.digest, JSON.stringify(body),
        this.keys.approvalChannel, requesterKey(input),
      ])) as [number, unknown];
      const approval = toApproval(r[1], now);
      if (!approval) throw new Error('the approval vanished while it was being registered');
      return { approval, created: r[0] === 1 };
    });
  }

  async get(id: string, now: number): Promise<Approval | undefined> {
    return guarded('read an approval', this.url, async () => fromHash(await this.redis.hgetall(this.keys.approval(id)), now));
  }

  async list(now: number): Promise<Approval[]> {
    return guarded('list approvals', this.url, async () => {
      const ids = await this.redis.zrange(this.keys.approvalIndex, '0', '-1');
      if (ids.length === 0) return [];
      const pipe = this.redis.pipeline();
      for (const id of ids) pipe.hgetall(this.keys.approval(id));
      const rows = (await pipe.exec()) ?? [];
      const all: Approval[] = [];
      const gone: string[] = [];
      rows.forEach(([err, h], i) => {
        if (err) throw err;
        const a = fromHash(h as Record<string, string>, now);
        if (a) all.push(a);
        else gone.push(ids[i]!);
      });
      if (gone.length > 0) await this.redis.zrem(this.keys.approvalIndex, ...gone);
      return all.sort(consoleOrder);
    });
  }

  async decide(id: string, decision: 'approve' | 'reject', by: string, now: number): Promise<DecideResult> {
    return guarded('record the decision', this.url, async () => {
      const [reason, flat] = (await runScript(this.redis, DECIDE_APPROVAL, [this.keys.approval(id)], [
        decision === 'approve' ? 'approved' : 'rejected', by, now, this.keys.approvalChannel, id,
      ])) as [string, unknown];
      const approval = toApproval(flat, now);
      if (reason === 'ok' && approval) return { ok: true, approval };
      if (reason === 'not_found' || !approval) return { ok: false, reason: 'not_found' };
      return { ok: false, reason: reason as 'expired' | 'already_decided', approval };
    });
  }

  async consume(id: string, now: number, requester?: Requester): Promise<boolean> {
    return guarded('use the approval', this.url, async () =>
      Number(await runScript(this.redis, CONSUME_APPROVAL, [this.keys.approval(id)], [now, this.keys.approvalChannel, id, requester ? requesterKey(requester) : ''])) === 1);
  }

  waitForDecision(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Approval | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      let poll: NodeJS.Timeout | undefined;
      const finish = (a: Approval | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(poll);
        this.events.off(`decided:${id}`, check);
        signal?.removeEventListener('abort', onAbort);
        resolve(a);
      };
      // A Redis hiccup while waiting is not a decision: keep waiting until the deadline, and let
      // the caller's next store call report the outage.
      async function checkOnce(self: RedisApprovalStore) {
        const a = await self.get(id, self.clock()).catch(() => undefined);
        if (a && a.status !== 'pending') finish(a);
      }
      const check = () => void checkOnce(this);
      const schedule = () => {
        poll = setTimeout(async () => {
          await checkOnce(this);
          if (!settled) schedule();
        }, this.pollMs);
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      if (signal?.aborted) return finish(undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.events.on(`decided:${id}`, check);
      // Subscribe first, then look: a decision made in between is seen by one or the other.
      this.listen().catch(() => {}).finally(() => {
        if (settled) return;
        check();
        schedule();
      });
    });
  }

  /** For a console's live view: called on every change any replica publishes (needs a subscriber). */
  onChange(listener: () => void): () => void {
    void this.listen().catch(() => {});
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }
}
