// One tool call as it moves through the pipeline (pipeline.ts): the row it is handled as, its
// arguments and request, what the steps decided so far, and the two things every exit needs: the
// call's audit records and its refusals. A step that stops the call does it in one line through
// this object, so each exit writes the same records in the same order.
import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { LiveClient } from '../client/types.js';
import type { Feed } from '../feed/index.js';
import type { Logger } from '../logger.js';
import { redactArgs, type AuditRecord } from '../policies/audit.js';
import type { ConfirmStateCodec } from '../policies/confirm.js';
import type { LateForms } from '../policies/late-consent.js';
import type { Decision } from '../policies/rules.js';
import type { PolicyRuntime } from '../policies/runtime.js';
import type { ToolDef } from '../tools/types.js';
import { notPerformed, notSentResult } from './render.js';
import type { CallRequest, RequestSources } from './request.js';

export interface PipelineDeps extends RequestSources {
  client: LiveClient;
  logger: Logger;
  codec: ConfirmStateCodec;
  runtime: PolicyRuntime;
  /** The room event feed and held-message queue, for the tools that read or act on it. */
  feed?: Feed;
  /** This server's confirmation forms that may outlive their call (policies/late-consent.ts). */
  lateForms?: LateForms;
}

/** What a tool call answers: a result, or (elicitation) a question the client answers by calling again. */
export type ToolAnswer = CallToolResult | InputRequiredResult;

/** A step's verdict: the call's answer to stop it there, or undefined to go on to the next step. */
export type StepResult = ToolAnswer | undefined;

/** How a human (or the console) let a confirmed call go ahead; carried by its later records. */
export interface Approval {
  channel?: string;
  answer?: string;
  approvedBy?: string;
}

export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Call {
  /** Set by the decide step; every later step reads it. */
  decision!: Decision;
  /** The rooms a destructive call targets (its breakers); empty for anything else. */
  rooms: readonly string[] = [];
  /** Set by the confirm step when a human approved. */
  approval: Approval = {};
  /** Gives back the call's cap and breaker places (reserve step); a no-op until they are taken. */
  release: () => Promise<void> = async () => {};
  private base: Omit<AuditRecord, 'time' | 'event'> | undefined;

  constructor(
    /** The row the call is handled as (policies/call-effect.ts: arguments can make it destructive). */
    readonly def: ToolDef,
    readonly args: Record<string, unknown>,
    readonly req: CallRequest,
    readonly deps: PipelineDeps,
  ) {}

  get rt(): PolicyRuntime {
    return this.deps.runtime;
  }

  /** decision, rule and reason, as every record after the decision carries them. */
  get decided(): Pick<AuditRecord, 'decision' | 'rule' | 'reason'> {
    return { decision: this.decision.kind, rule: this.decision.rule, reason: this.decision.reason };
  }

  /**
   * Appends one record of this call to the audit log (writes only: reads leave none) and tells
   * telemetry. Throws when the log cannot take it. Awaited, so a sink that makes a record durable
   * asynchronously (group commit) is done before the call goes on.
   */
  async record(event: AuditRecord['event'], fields: Partial<AuditRecord>, durable = false): Promise<void> {
    this.rt.telemetry?.record(event, fields);
    if (this.def.effect === 'read') return;
    await this.rt.audit.write(this.auditRecord(event, fields), { durable });
  }

  /**
   * The decision and the intent, both written to the log's file before anything is sent. A
   * destructive call's intent is also fsync'ed first, so it outlives an OS crash; a reversible
   * write's needs only outlive the process (policies/audit.ts says why).
   * Two appends: the audit log's tests pin one record per write (see test/mcp/audit-integrity.test.ts), so
   * a sink that can append several records at once would be called here, in one place.
   */
  async recordIntent(): Promise<void> {
    await this.record('decision', { ...this.decided, ...this.approval });
    await this.record('intent', {}, this.def.effect === 'destructive');
  }

  private auditRecord(event: AuditRecord['event'], fields: Partial<AuditRecord>): AuditRecord {
    // The call id (and the redacted arguments) exist only for calls that leave records.
    this.base ??= {
      callId: this.rt.newCallId(),
      tool: this.def.name,
      effect: this.def.effect,
      args: redactArgs(this.args),
      client: this.req.client,
      ...(this.req.caller && { caller: this.req.caller }),
    };
    return { time: new Date(this.rt.clock()).toISOString(), event, ...this.base, ...fields };
  }

  /** Stops the call: its decision and a not_performed outcome are recorded, the answer says why. */
  async refuse(fields: Partial<AuditRecord>, reason: string): Promise<CallToolResult> {
    try {
      await this.record('decision', fields);
      await this.record('outcome', { result: 'not_performed', reason });
    } catch (err) {
      this.deps.logger.error('audit log write failed', { tool: this.def.name, error: messageOf(err) });
    }
    this.deps.logger.info('not performed', { tool: this.def.name, reason: fields.answer ?? fields.decision });
    return notPerformed(this.def, reason);
  }

  /** Shared policy state (Redis) that cannot be read stops the call before anything is sent. */
  stateUnavailable(err: unknown, fields: Partial<AuditRecord> = {}): Promise<CallToolResult> {
    return this.refuse({ decision: 'deny', rule: 'policy state', reason: messageOf(err), ...fields },
      `The policy's state could not be read (${messageOf(err)}).`);
  }

  /** Stops the call after a failed read before sending (e.g. the state shown to the human). */
  async notSent(err: unknown, fields: Partial<AuditRecord>, why: string): Promise<CallToolResult> {
    await this.record('decision', { ...this.decided, ...fields, reason: messageOf(err) });
    await this.record('outcome', { result: 'not_performed', error: messageOf(err) });
    return notSentResult(this.def, err, why);
  }

  /**
   * Writes the records of a call that stops anyway (asked, pending, shadowed). An audit log that
   * cannot take them stops it with a sentence instead of a raw errno: undefined means written.
   */
  async recordOrStop(write: () => Promise<void>): Promise<CallToolResult | undefined> {
    try {
      await write();
      return undefined;
    } catch (err) {
      this.deps.logger.error('audit log write failed; not going on', { tool: this.def.name, error: messageOf(err) });
      return notPerformed(this.def, `The audit log could not be written (${messageOf(err)}), and nothing is done without a record.`);
    }
  }
}
