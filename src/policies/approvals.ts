// Pending approvals for the approval console: a call that needs a human and cannot ask through
// its client waits here until an operator approves or rejects it in the console.
//
// An approval is bound to the exact call (a digest of tool and arguments), belongs to one server
// instance, expires, and is consumed once: approving one call never approves another, and an
// approved call runs at most once.
//
// It is also bound to whoever asked: the authenticated caller (token subject), the authenticated
// OAuth client and the MCP client's name. Another caller making the identical call gets an
// approval of its own, and an approval is only consumed by the requester it was granted to.
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { FactLine } from '../tools/types.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'consumed' | 'expired';

export interface Approval {
  id: string;
  /** Which server instance asked; another instance's store never holds it. */
  instance: string;
  digest: string;
  tool: string;
  title: string;
  action: string;
  facts: FactLine[];
  /** State read when the approval was requested (e.g. the current owner), compared again before running. */
  snapshot?: Record<string, string>;
  /** The MCP client that asked (its self-declared name), and the authenticated caller if any. */
  client: string;
  caller?: string;
  /** The authenticated OAuth client (the token's client_id), when there is one. */
  clientId?: string;
  createdAt: number;
  expiresAt: number;
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: number;
}

export type NewApproval = Omit<Approval, 'id' | 'instance' | 'createdAt' | 'expiresAt' | 'status'>;

/** Who asked for an approval; the one party allowed to consume it. */
export interface Requester {
  client: string;
  caller?: string;
  clientId?: string;
}

/** One string per requester (JSON of a fixed-order array, so no two requesters share one). */
export function requesterKey(r: Requester): string {
  return JSON.stringify([r.caller ?? null, r.clientId ?? null, r.client]);
}

export function sameRequester(a: Requester, b: Requester): boolean {
  return requesterKey(a) === requesterKey(b);
}

/** The lookup key of "this call by this requester": identical calls by two callers never share one. */
export function boundDigest(digest: string, r: Requester): string {
  return createHash('sha256').update(`${digest}\n${requesterKey(r)}`).digest('hex');
}

export type DecideResult =
  | { ok: true; approval: Approval }
  | { ok: false; reason: 'not_found' | 'already_decided' | 'expired'; approval?: Approval };

export interface ApprovalStore {
  readonly instance: string;
  /** The live (pending or approved, unexpired) approval for this digest, or a new pending one. */
  request(input: NewApproval, ttlMs: number, now: number): Promise<{ approval: Approval; created: boolean }>;
  get(id: string, now: number): Promise<Approval | undefined>;
  /** Pending first, then the most recent decisions. */
  list(now: number): Promise<Approval[]>;
  decide(id: string, decision: 'approve' | 'reject', by: string, now: number): Promise<DecideResult>;
  /**
   * Approved → consumed, once. True only for the one caller that consumed it, and (when
   * `requester` is given, as the call pipeline always does) only if it is the one that asked.
   */
  consume(id: string, now: number, requester?: Requester): Promise<boolean>;
  /** Resolves with the approval once it is decided, or undefined after timeoutMs. */
  waitForDecision(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Approval | undefined>;
}

/** How long decided approvals stay listed in the console (any store). */
export const KEEP_DECIDED_MS = 60 * 60 * 1000;

/** The console's order: pending first, then the most recent. */
export function consoleOrder(x: Approval, y: Approval): number {
  return Number(y.status === 'pending') - Number(x.status === 'pending') || y.createdAt - x.createdAt;
}

export class MemoryApprovalStore implements ApprovalStore {
  readonly instance: string;
  private readonly items = new Map<string, Approval>();
  private readonly events = new EventEmitter();

  constructor(instance = randomBytes(6).toString('hex')) {
    this.instance = instance;
    this.events.setMaxListeners(0);
  }

  private sweep(now: number) {
    for (const a of this.items.values()) {
      if ((a.status === 'pending' || a.status === 'approved') && a.expiresAt <= now) a.status = 'expired';
      if (a.status !== 'pending' && a.status !== 'approved' && (a.decidedAt ?? a.expiresAt) < now - KEEP_DECIDED_MS) this.items.delete(a.id);
    }
  }

  async request(input: NewApproval, ttlMs: number, now: number) {
    this.sweep(now);
    for (const a of this.items.values()) {
      if (a.digest === input.digest && sameRequester(a, input) && (a.status === 'pending' || a.status === 'approved')) return { approval: { ...a }, created: false };
    }
    const approval: Approval = {
      ...input,
      id: randomBytes(9).toString('base64url'),
      instance: this.instance,
      createdAt: now,
      expiresAt: now + ttlMs,
      status: 'pending',
    };
    this.items.set(approval.id, approval);
    this.events.emit('change');
    return { approval: { ...approval }, created: true };
  }

  async get(id: string, now: number) {
    this.sweep(now);
    const a = this.items.get(id);
    return a && { ...a };
  }

  async list(now: number) {
    this.sweep(now);
    const all = [...this.items.values()].map((a) => ({ ...a }));
    return all.sort(consoleOrder);
  }

  async decide(id: string, decision: 'approve' | 'reject', by: string, now: number): Promise<DecideResult> {
    this.sweep(now);
    const a = this.items.get(id);
    if (!a) return { ok: false, reason: 'not_found' };
    if (a.status === 'expired') return { ok: false, reason: 'expired', approval: { ...a } };
    if (a.status !== 'pending') return { ok: false, reason: 'already_decided', approval: { ...a } };
    a.status = decision === 'approve' ? 'approved' : 'rejected';
    a.decidedBy = by;
    a.decidedAt = now;
    this.events.emit(`decided:${id}`);
    this.events.emit('change');
    return { ok: true, approval: { ...a } };
  }

  async consume(id: string, now: number, requester?: Requester) {
    this.sweep(now);
    const a = this.items.get(id);
    if (!a || a.status !== 'approved') return false;
    if (requester && !sameRequester(a, requester)) return false;
    a.status = 'consumed';
    this.events.emit('change');
    return true;
  }

  waitForDecision(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Approval | undefined> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off(`decided:${id}`, onDecided);
        signal?.removeEventListener('abort', onAbort);
      };
      const onDecided = () => { done(); resolve(this.items.get(id) && { ...this.items.get(id)! }); };
      const onAbort = () => { done(); resolve(undefined); };
      const timer = setTimeout(() => { done(); resolve(undefined); }, timeoutMs);
      this.events.on(`decided:${id}`, onDecided);
      signal?.addEventListener('abort', onAbort, { once: true });
      const current = this.items.get(id);
      if (current && current.status !== 'pending') onDecided();
    });
  }

  /** For the console's live view. */
  onChange(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }
}

/** What the operator's webhook is told of a new approval waiting in the console (console/channel.ts). */
export interface ApprovalNotice {
  id: string;
  tool: string;
  action: string;
  facts: Array<{ label: string; value: string }>;
  client: string;
  expiresAt: string;
  consoleUrl?: string;
}
