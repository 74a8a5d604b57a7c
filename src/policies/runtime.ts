// Everything the policy wrapper needs, built once per process (or shared through a store between
// replicas) and handed to every server instance: the operator's policy, the cap counters, the
// breaker, the rate limiter, the approval store and the audit sink.
import { randomHex } from '../random-hex.js';
import type { ApprovalNotice, ApprovalStore } from './approvals.js';
import { MemoryAuditLog, type AuditSink } from './audit.js';
import { DestructiveBreaker } from './breaker.js';
import { RateLimiter, type SlotStore } from './rate-limit.js';
import { DEFAULT_POLICY, memoryCapCounter, type CapCounter, type Policy } from './rules.js';
import type { ToolTelemetry } from '../telemetry/otel.js';

export interface PolicyRuntime {
  policy: Policy;
  counter: CapCounter;
  breaker: DestructiveBreaker;
  limiter: RateLimiter;
  audit: AuditSink;
  clock: () => number;
  /** The SDKAppID the rate budgets belong to. */
  budgetOwner: string;
  approvals?: ApprovalStore;
  consoleUrl?: string;
  webhook?: (notice: ApprovalNotice) => Promise<void>;
  newCallId: () => string;
  /** OpenTelemetry hooks, when telemetry is on. */
  telemetry?: ToolTelemetry;
  /** Shadow mode for every non-read tool (--shadow): decided, asked and audited, never sent. */
  shadow?: boolean;
}

export interface RuntimeOptions {
  policy?: Policy;
  counter?: CapCounter;
  slots?: SlotStore;
  limiter?: RateLimiter;
  audit?: AuditSink;
  clock?: () => number;
  budgetOwner?: string | number;
  approvals?: ApprovalStore;
  consoleUrl?: string;
  webhook?: (notice: ApprovalNotice) => Promise<void>;
  telemetry?: ToolTelemetry;
  shadow?: boolean;
}

export function createPolicyRuntime(opts: RuntimeOptions = {}): PolicyRuntime {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const counter = opts.counter ?? memoryCapCounter();
  const clock = opts.clock ?? Date.now;
  return {
    policy,
    counter,
    breaker: new DestructiveBreaker(policy.breaker, counter),
    limiter: opts.limiter ?? new RateLimiter({ clock, ...(opts.slots && { store: opts.slots }) }),
    audit: opts.audit ?? new MemoryAuditLog(),
    clock,
    budgetOwner: String(opts.budgetOwner ?? 'default'),
    ...(opts.approvals && { approvals: opts.approvals }),
    ...(opts.consoleUrl && { consoleUrl: opts.consoleUrl }),
    ...(opts.webhook && { webhook: opts.webhook }),
    ...(opts.telemetry && { telemetry: opts.telemetry }),
    newCallId: () => randomHex(8),
    ...(opts.shadow && { shadow: true }),
  };
}

