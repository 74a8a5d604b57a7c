// Optional OpenTelemetry: a span per tool call and a few metrics, following the MCP semantic
// conventions (open-telemetry/semantic-conventions-genai, docs/gen-ai/mcp.md: span
// "tools/call {gen_ai.tool.name}", kind SERVER, mcp.method.name, gen_ai.tool.name,
// gen_ai.operation.name, jsonrpc.request.id, mcp.session.id, network.transport, error.type; trace
// context from params._meta.traceparent; metric mcp.server.operation.duration).
//
// Off by default. When on, @opentelemetry/api is imported dynamically: it is an optional peer
// dependency, because the operator's SDK (exporters, sampling, resource) registers the global
// tracer and meter providers, and the API must be the very copy that SDK registered with. Nothing
// here configures exporters. Only `import type` appears at the top: the compiled module has no
// static import of the API.
//
// What goes into attributes is chosen, never copied wholesale: no tool arguments, no result text,
// no error messages (Tencent's ErrorInfo is a stranger's text), and no credentials.
import { AsyncLocalStorage } from 'node:async_hooks';
import type * as Api from '@opentelemetry/api';
import type { CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import type { AuditRecord } from '../policies/audit.js';
import type { PolicyRuntime } from '../policies/runtime.js';
import type { ToolDef } from '../tools/types.js';

type Handler = (args: Record<string, unknown>, ctx: ServerContext) => Promise<CallToolResult | InputRequiredResult>;

/** What the policy wrapper and the server registration call; see loadTelemetry(). */
export interface ToolTelemetry {
  /** Runs a tool handler inside a span (and records its duration and outcome). */
  wrap(def: Pick<ToolDef, 'name' | 'effect' | 'endpoint'>, handler: Handler): Handler;
  /** A decision or outcome the policy wrapper records for the current call (same fields as the audit log). */
  record(event: AuditRecord['event'], fields: Partial<AuditRecord>): void;
  /** Times rate-limit waits and observes pending approvals of this runtime. */
  instrumentRuntime(rt: PolicyRuntime): void;
}

export interface TelemetryOptions {
  /** How clients reach the server: stdio is "pipe", HTTP is "tcp" (network.transport). */
  transport: 'pipe' | 'tcp';
  /** For tests: providers to use instead of the global ones the operator's SDK registered. */
  tracerProvider?: Api.TracerProvider;
  meterProvider?: Api.MeterProvider;
  /** For tests: the API module (default: a dynamic import of @opentelemetry/api). */
  api?: typeof Api;
}

export class TelemetryUnavailableError extends Error {
  override name = 'TelemetryUnavailableError';
}

const SCOPE = 'tencent-live-mcp';
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

interface CallState {
  span: Api.Span;
  tool: string;
  decision?: string;
  outcome?: string;
  code?: number;
}

async function importApi(): Promise<typeof Api> {
  try {
    return await import('@opentelemetry/api');
  } catch {
    throw new TelemetryUnavailableError(
      'Telemetry is on (TENCENT_LIVE_OTEL) but @opentelemetry/api is not installed: install it next to an OpenTelemetry SDK, e.g. npm install @opentelemetry/api @opentelemetry/sdk-node.',
    );
  }
}

/** Loads the OpenTelemetry API (only now) and returns the hooks. */
export async function loadTelemetry(o: TelemetryOptions): Promise<ToolTelemetry> {
  const api = o.api ?? (await importApi());
  const { SpanKind, SpanStatusCode, ROOT_CONTEXT, context, propagation, trace } = api;
  const tracer = (o.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (o.meterProvider ?? api.metrics.getMeterProvider()).getMeter(SCOPE);
  const duration = meter.createHistogram('mcp.server.operation.duration', { unit: 's', description: 'MCP request duration as observed on the server.' });
  const calls = meter.createCounter('tencent_live.tool.calls', { description: 'Tool calls by tool, policy decision and outcome.' });
  const errors = meter.createCounter('tencent_live.tencent.errors', { description: 'Tencent error codes returned to tool calls.' });
  const waits = meter.createHistogram('tencent_live.rate_limit.wait', { unit: 's', description: "Time a call waited for a slot under Tencent's documented rate." });
  const current = new AsyncLocalStorage<CallState>();

  /** The caller's trace: the request's _meta (MCP convention), else the HTTP request's headers. */
  function parentOf(ctx: ServerContext): Api.Context {
    const meta = (ctx.mcpReq._meta ?? {}) as Record<string, unknown>;
    const headers = ctx.http?.req?.headers;
    const carrier: Record<string, string> = {};
    for (const key of ['traceparent', 'tracestate']) {
      const v = typeof meta[key] === 'string' ? (meta[key] as string) : headers?.get(key) ?? undefined;
      if (v) carrier[key] = v;
    }
    if (!carrier.traceparent) return context.active();
    // The operator's propagator when one is registered; W3C trace context parsed here otherwise.
    const extracted = propagation.extract(ROOT_CONTEXT, carrier);
    if (trace.getSpanContext(extracted)) return extracted;
    const m = TRACEPARENT.exec(carrier.traceparent.trim());
    if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return context.active();
    return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) & 1, isRemote: true });
  }

  return {
    wrap(def, handler) {
      return async (args, ctx) => {
        const parent = parentOf(ctx);
        const span = tracer.startSpan(
          `tools/call ${def.name}`,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'mcp.method.name': 'tools/call',
              'gen_ai.tool.name': def.name,
              'gen_ai.operation.name': 'execute_tool',
              'jsonrpc.request.id': String(ctx.mcpReq.id),
              'network.transport': o.transport,
              ...(ctx.sessionId && { 'mcp.session.id': ctx.sessionId }),
              'tencent_live.tool.effect': def.effect,
              'tencent_live.tencent.service': def.endpoint.service,
              'tencent_live.tencent.command': def.endpoint.command,
            },
          },
          parent,
        );
        const state: CallState = { span, tool: def.name };
        const started = performance.now();
        let errorType: string | undefined;
        try {
          const result = await context.with(trace.setSpan(parent, span), () => current.run(state, () => handler(args, ctx)));
          if ((result as CallToolResult).isError) {
            errorType = state.code !== undefined ? String(state.code) : 'tool_error';
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          if (!state.outcome && (result as { resultType?: string }).resultType === 'input_required') state.outcome = 'input_required';
          return result;
        } catch (err) {
          errorType = err instanceof Error ? err.name : 'Error';
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          if (errorType) span.setAttribute('error.type', errorType);
          span.end();
          const common = { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': def.name };
          duration.record((performance.now() - started) / 1000, { ...common, ...(errorType && { 'error.type': errorType }) });
          calls.add(1, { ...common, 'tencent_live.policy.decision': state.decision ?? 'none', 'tencent_live.outcome': state.outcome ?? (errorType ? 'error' : 'ok') });
          if (state.code !== undefined) errors.add(1, { 'gen_ai.tool.name': def.name, 'tencent_live.tencent.error_code': state.code });
        }
      };
    },

    record(event, fields) {
      const state = current.getStore();
      if (!state) return;
      const { span } = state;
      if (event === 'decision') {
        if (fields.decision) { state.decision = fields.decision; span.setAttribute('tencent_live.policy.decision', fields.decision); }
        if (fields.rule) span.setAttribute('tencent_live.policy.rule', fields.rule);
        if (fields.channel) span.setAttribute('tencent_live.approval.channel', fields.channel);
        if (fields.answer) span.setAttribute('tencent_live.approval.answer', fields.answer);
      } else if (event === 'outcome') {
        if (fields.result) { state.outcome = fields.result; span.setAttribute('tencent_live.outcome', fields.result); }
        if (typeof fields.code === 'number') { state.code = fields.code; span.setAttribute('tencent_live.tencent.error_code', fields.code); }
        if (fields.requestId) span.setAttribute('tencent_live.tencent.request_id', fields.requestId);
      }
    },

    instrumentRuntime(rt) {
      const limiter = rt.limiter;
      const acquire = limiter.acquire.bind(limiter);
      limiter.acquire = async (key, rate, signal) => {
        const started = performance.now();
        try {
          return await acquire(key, rate, signal);
        } finally {
          const seconds = (performance.now() - started) / 1000;
          const state = current.getStore();
          waits.record(seconds, { ...(state && { 'gen_ai.tool.name': state.tool }) });
          state?.span.setAttribute('tencent_live.rate_limit.wait_s', seconds);
        }
      };
      const store = rt.approvals;
      if (store) {
        meter
          .createObservableGauge('tencent_live.approvals.pending', { description: 'Approvals waiting for a human in the console.' })
          .addCallback(async (result) => {
            const list = await store.list(rt.clock()).catch(() => undefined);
            if (list) result.observe(list.filter((a) => a.status === 'pending').length);
          });
      }
    },
  };
}
