// OpenTelemetry with in-memory exporters: a span per tool call with the MCP semantic-convention
// attributes, the policy decision and Tencent's command, code and RequestId; the caller's trace
// context from _meta.traceparent and from HTTP headers; metrics for calls, Tencent error codes,
// rate-limit waits and pending approvals; and never a secret in any of it.
import { readFileSync } from 'node:fs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { loadTelemetry } from '../../src/telemetry/otel.js';
import { harnessPerTest } from '../helpers/harness.js';
import { connectHttp, startStack } from '../helpers/http.js';
import { envWithoutTencent, CLI, requireBuild } from '../helpers/raw-stdio.js';
import { stdioClient } from '../helpers/stdio-client.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;
const start = harnessPerTest();

async function otel(transport: 'pipe' | 'tcp' = 'pipe') {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = await loadTelemetry({ transport, tracerProvider, meterProvider });
  const metrics = async () => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  };
  return { telemetry, spans: () => spans.getFinishedSpans(), metrics, close: async () => { await meterProvider.shutdown(); await tracerProvider.shutdown(); } };
}

const only = (spans: ReadableSpan[], tool: string) => {
  const found = spans.filter((s) => s.name === `tools/call ${tool}`);
  expect(found, `spans for ${tool}`).toHaveLength(1);
  return found[0]!;
};

describe('OpenTelemetry', () => {
  let closeOtel: (() => Promise<void>) | undefined;
  afterEach(async () => { await closeOtel?.(); closeOtel = undefined; });

  it('a read: one SERVER span with MCP attributes, the decision, the command and RequestId, inside the caller\'s trace', async () => {
    const o = await otel();
    closeOtel = o.close;
    const runtime = createPolicyRuntime({ telemetry: o.telemetry });
    o.telemetry.instrumentRuntime(runtime);
    const h = await start({ runtime });
    const r = await h.mcp.client.callTool({ name: 'get_room_list', arguments: { Count: 5 }, _meta: { traceparent: TRACEPARENT } });
    expect(r.isError).toBeFalsy();
    const span = only(o.spans(), 'get_room_list');
    expect(span.kind).toBe(1); // SpanKind.SERVER
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'get_room_list',
      'gen_ai.operation.name': 'execute_tool',
      'network.transport': 'pipe',
      'tencent_live.policy.decision': 'allow',
      'tencent_live.outcome': 'ok',
      'tencent_live.tencent.service': 'live_engine_http_srv',
      'tencent_live.tencent.command': 'get_room_list',
      'tencent_live.tencent.request_id': (r.structuredContent as { RequestId: string }).RequestId,
    });
    expect(span.attributes['jsonrpc.request.id']).toBeDefined();
    expect(typeof span.attributes['tencent_live.rate_limit.wait_s']).toBe('number');
    expect(span.status.code).toBe(0);
  });

  it('a Tencent error: code, error.type and ERROR status; counted by code; no secret anywhere', async () => {
    const o = await otel();
    closeOtel = o.close;
    const runtime = createPolicyRuntime({ telemetry: o.telemetry });
    o.telemetry.instrumentRuntime(runtime);
    const h = await start({ runtime });
    const r = await h.call('get_room_info', { RoomId: 'no_such_room_here' });
    expect(r.isError).toBe(true);
    const span = only(o.spans(), 'get_room_info');
    const code = span.attributes['tencent_live.tencent.error_code'];
    expect(typeof code).toBe('number');
    expect(r.text).toContain(String(code));
    expect(span.attributes['error.type']).toBe(String(code));
    expect(span.status.code).toBe(2); // ERROR
    expect(span.attributes['tencent_live.tencent.request_id']).toMatch(/\S/);

    const metrics = await o.metrics();
    const byName = (n: string) => metrics.find((m) => m.descriptor.name === n);
    const errors = byName('tencent_live.tencent.errors')!.dataPoints;
    expect(errors.map((p) => p.attributes['tencent_live.tencent.error_code'])).toContain(code);
    expect(byName('mcp.server.operation.duration')!.dataPoints.some((p) => p.attributes['error.type'] === String(code))).toBe(true);
    expect(byName('tencent_live.rate_limit.wait')).toBeDefined();
    const calls = byName('tencent_live.tool.calls')!.dataPoints;
    expect(calls.find((p) => p.attributes['gen_ai.tool.name'] === 'get_room_info')?.attributes).toMatchObject({ 'tencent_live.policy.decision': 'allow', 'tencent_live.outcome': 'error' });

    // Everything exported, searched for the credentials the sandbox saw.
    const exported = JSON.stringify({ spans: o.spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })), metrics });
    expect(exported).not.toContain(h.sandbox.credentials.secretKey);
    for (const req of h.sandbox.requests) expect(exported).not.toContain(req.userSig);
  });

  it('a declined destructive call: decision confirm, the answer, not performed', async () => {
    const o = await otel();
    closeOtel = o.close;
    const runtime = createPolicyRuntime({ telemetry: o.telemetry });
    const h = await start({ runtime, elicit: () => ({ action: 'decline' }) });
    const r = await h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: 'telemetry test' });
    expect(r.isError).toBe(true);
    expect(h.sent('kick_user_off_seat')).toHaveLength(0);
    // The question and the answer are two rounds of the handler (input_required, then the
    // retried call carrying the answer): a span each, in one trace of the client's making.
    const spans = o.spans().filter((s) => s.name === 'tools/call kick_user_off_seat');
    expect(spans.map((s) => s.attributes['tencent_live.approval.answer'])).toEqual(['asked', 'decline']);
    const span = spans[1]!;
    expect(span.attributes).toMatchObject({ 'tencent_live.policy.decision': 'confirm', 'tencent_live.approval.answer': 'decline', 'tencent_live.outcome': 'not_performed' });
    expect(span.attributes['tencent_live.tencent.request_id']).toBeUndefined();
  });

  it('pending approvals are observed from the approval store', async () => {
    const o = await otel();
    closeOtel = o.close;
    const approvals = new MemoryApprovalStore();
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0 } });
    const runtime = createPolicyRuntime({ telemetry: o.telemetry, policy, approvals, consoleUrl: 'http://127.0.0.1:1' });
    o.telemetry.instrumentRuntime(runtime);
    const h = await start({ runtime });
    const gauge = async () => (await o.metrics()).find((m) => m.descriptor.name === 'tencent_live.approvals.pending')?.dataPoints[0]?.value;
    expect(await gauge()).toBe(0);
    const r = await h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: 'telemetry test' });
    expect(r.text).toMatch(/approv/i);
    expect(await gauge()).toBe(1);
    expect(only(o.spans(), 'kick_user_off_seat').attributes['tencent_live.approval.answer']).toBe('pending');
  });

  it('over HTTP: network.transport tcp and the trace context from the traceparent header', async () => {
    const o = await otel('tcp');
    closeOtel = o.close;
    const runtime = createPolicyRuntime({ telemetry: o.telemetry });
    const stack = await startStack({ runtime });
    try {
      const c = await connectHttp(stack.url, { era: 'modern', headers: { traceparent: TRACEPARENT } });
      try {
        const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
        expect(r.isError).toBeFalsy();
      } finally {
        await c.close();
      }
      const span = only(o.spans(), 'get_room_list');
      expect(span.attributes['network.transport']).toBe('tcp');
      expect(span.spanContext().traceId).toBe(TRACE_ID);
    } finally {
      await stack.close();
    }
  });

  it('the binary with TENCENT_LIVE_OTEL=1 reports through the SDK the operator preloaded', async () => {
    requireBuild();
    const register = new URL('../fixtures/otel-register.mjs', import.meta.url).href;
    const env = { ...envWithoutTencent(), XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-otel-')), TENCENT_LIVE_OTEL: '1' };
    const run = await stdioClient(process.execPath, ['--import', register, CLI, '--sandbox'], env);
    try {
      const r = await run.client.callTool({ name: 'get_room_list', arguments: { Count: 5 }, _meta: { traceparent: TRACEPARENT } });
      expect(r.isError).toBeFalsy();
      await expect.poll(() => run.stderr(), { timeout: 30_000 }).toContain('OTEL-SPAN');
      const span = JSON.parse(run.stderr().split('\n').find((l) => l.startsWith('OTEL-SPAN '))!.slice('OTEL-SPAN '.length));
      expect(span).toMatchObject({ name: 'tools/call get_room_list', traceId: TRACE_ID, attributes: { 'network.transport': 'pipe', 'tencent_live.outcome': 'ok' } });
    } finally {
      await run.close();
    }
  }, 60_000);

  it('is not loaded unless enabled: the compiled module has no static import of the API', () => {
    const compiled = readFileSync(new URL('../../dist/telemetry/otel.js', import.meta.url), 'utf8');
    expect(compiled).not.toMatch(/^\s*import\s[^(]*['"]@opentelemetry\/api['"]/m);
    expect(compiled).toContain("import('@opentelemetry/api')");
    for (const f of ['cli.js', 'server.js', 'call/pipeline.js', 'policies/runtime.js']) {
      expect(readFileSync(new URL(`../../dist/${f}`, import.meta.url), 'utf8'), f).not.toContain('@opentelemetry');
    }
  });
});
