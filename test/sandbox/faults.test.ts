// Fault injection through the whole stack: a real MCP client → createServer → signed client →
// the sandbox over loopback HTTP with per-endpoint faults. Reads recover by retrying; writes are
// never replayed, and a write whose outcome the client cannot know is reported as unknown, with
// the read tool to check, and audited as 'unknown'. Nothing crashes, nothing rejects unhandled.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { createSandbox, type FaultSpec } from '../../src/sandbox/index.js';
import { ERROR_META_KEY } from '../../src/call/render.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';

// Short timeouts and backoff keep the suite fast; the logic under test is the same as in production.
// 1 s still leaves a loaded CI machine plenty of room for an ordinary loopback answer.
const CLIENT = {
  timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000 },
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
};
const ROOM = 'live_music_night';
const PICK = { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
beforeAll(() => { process.on('unhandledRejection', onUnhandled); process.on('uncaughtException', onUnhandled); });
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled, 'no unhandled rejection or exception during the fault suite').toEqual([]);
});

let audit: MemoryAuditLog;
const openHarness = harnessPerTest();

async function start(confirm = false): Promise<Harness> {
  audit = new MemoryAuditLog();
  return openHarness({
    client: CLIENT,
    runtime: createPolicyRuntime({ audit }),
    ...(confirm && { elicit: () => ({ action: 'accept' as const, content: { confirm: true } }) }),
  });
}

const seatOf = async (hh: Harness, account: string) => {
  const r = await hh.call('get_seat_list', { RoomId: ROOM });
  expect(r.isError, r.text).toBeFalsy();
  return (r.structured!.SeatList as Array<{ Index: number; Member_Account?: string }>).find((s) => s.Member_Account === account)?.Index;
};
const lastOutcome = (tool: string) => audit.records.filter((r) => r.tool === tool && r.event === 'outcome').at(-1);

/** The server is alive and well after a fault: a plain read succeeds. */
async function stillServing(hh: Harness) {
  hh.sandbox.faults.clear();
  const r = await hh.call('get_room_list', { Count: 5 });
  expect(r.isError, r.text).toBeFalsy();
}

describe('the faults API', () => {
  it('applies a fault to the named command only, `times` times, and clear() removes it', async () => {
    const sb = createSandbox({ rateLimits: false });
    const path = '/v4/room_engine_http_mic/get_seat_list';
    sb.faults.set('get_seat_list', { status5xx: 503, times: 2 });
    expect(sb.faults.take(path).fault).toEqual({ status5xx: 503, times: 2 });
    expect(sb.faults.take('/v4/live_engine_http_srv/get_room_list').fault).toBeUndefined();
    expect(sb.faults.take(path).fault).toBeDefined();
    expect(sb.faults.take(path).fault).toBeUndefined();
    sb.faults.set('*', { latencyMs: 1 });
    expect(sb.faults.take('/v4/live_engine_http_srv/get_room_list').fault).toEqual({ latencyMs: 1 });
    sb.faults.clear();
    expect(sb.faults.take(path).fault).toBeUndefined();
    expect(sb.faults.arrived('get_seat_list')).toBe(4);
  });

  it('refuses a spec with two outcomes, an unknown command or an out-of-range value', () => {
    const sb = createSandbox({ rateLimits: false });
    expect(() => sb.faults.set('get_seat_list', { resetBefore: true, status5xx: 502 })).toThrow(/one of/);
    expect(() => sb.faults.set('no_such_command' as never, { resetBefore: true })).toThrow(/unknown command/);
    expect(() => sb.faults.set('get_seat_list', { status5xx: 404 })).toThrow(/500 to 599/);
    expect(() => sb.faults.set('get_seat_list', { times: 0, resetAfter: true })).toThrow(/times/);
  });
});

describe('reads recover by retrying', () => {
  const cases: Array<[string, FaultSpec, number]> = [
    ['HTTP 503 twice', { status5xx: 503, times: 2 }, 3],
    ['Tencent 100001 (internal error)', { errorCode: 100001, times: 1 }, 2],
    ['Tencent 60007 (rate limit)', { errorCode: 60007, times: 1 }, 2],
    ['a reset before the handler', { resetBefore: true, times: 1 }, 2],
    ['a reset after the handler', { resetAfter: true, times: 1 }, 2],
    ['a hang past the client timeout', { hangMs: 3000, times: 1 }, 2],
    ['latency below the timeout', { latencyMs: 50 }, 1],
  ];
  it.each(cases)('get_seat_list survives %s', async (_name, fault, attempts) => {
    const hh = await start();
    hh.sandbox.faults.set('get_seat_list', fault);
    const r = await hh.call('get_seat_list', { RoomId: ROOM });
    expect(r.isError, r.text).toBeFalsy();
    expect((r.structured!.SeatList as unknown[]).length).toBeGreaterThan(0);
    expect(hh.sandbox.faults.arrived('get_seat_list')).toBe(attempts);
    await stillServing(hh);
  });

  it('a read that keeps failing gives up after the configured attempts with an error result', async () => {
    const hh = await start();
    hh.sandbox.faults.set('get_seat_list', { status5xx: 502 });
    const r = await hh.call('get_seat_list', { RoomId: ROOM });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/HTTP 502/);
    expect(r.text).toMatch(/after 3 attempts/);
    expect(hh.sandbox.faults.arrived('get_seat_list')).toBe(3);
    await stillServing(hh);
  });
});

describe('writes are never replayed, and an unknown outcome is reported as unknown', () => {
  // [fault, did the handler run (state changed)]
  const unknownCases: Array<[string, FaultSpec, boolean]> = [
    ['a reset after the handler ran', { resetAfter: true }, true],
    ['an HTTP 502 from a gateway', { status5xx: 502 }, false],
    ['a malformed JSON answer', { malformedJson: true }, true],
    ['a hang past the client timeout', { hangMs: 3000 }, true],
    // The request was written before the socket died: the client cannot tell this from a reset
    // after, so the honest answer is "unknown" even though the sandbox applied nothing.
    ['a reset before the handler ran', { resetBefore: true }, false],
  ];
  it.each(unknownCases)('pick_user_on_seat with %s: one request, "unknown", check with get_seat_list', async (_name, fault, applied) => {
    const hh = await start();
    hh.sandbox.faults.set('pick_user_on_seat', fault);
    const r = await hh.call('pick_user_on_seat', PICK);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/unknown whether Tencent carried it out/);
    expect(r.text).toMatch(/Check with get_seat_list/);
    expect((r._meta?.[ERROR_META_KEY] as { outcome: string }).outcome).toBe('unknown');
    // Exactly one request reached the socket, and the handler saw it at most once.
    expect(hh.sandbox.faults.arrived('pick_user_on_seat')).toBe(1);
    expect(hh.sent('pick_user_on_seat')).toHaveLength(applied ? 1 : 0);
    expect(lastOutcome('pick_user_on_seat')).toMatchObject({ result: 'unknown' });
    expect(audit.records.some((x) => x.tool === 'pick_user_on_seat' && x.event === 'intent')).toBe(true);
    // The read the result names tells the truth.
    hh.sandbox.faults.clear();
    expect(await seatOf(hh, 'viewer_ada')).toBe(applied ? 3 : undefined);
    await stillServing(hh);
  });

  const refusedCases: Array<[string, number, RegExp]> = [
    ['60007', 60007, /rate-limiting/],
  ];
  it.each(refusedCases)('pick_user_on_seat refused with %s is reported as not performed and not retried', async (_name, code, next) => {
    const hh = await start();
    hh.sandbox.faults.set('pick_user_on_seat', { errorCode: code });
    const r = await hh.call('pick_user_on_seat', PICK);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(new RegExp(`Tencent refused pick_user_on_seat: error ${code}`));
    expect(r.text).toMatch(/The user was not seated/);
    expect(r.text).toMatch(next);
    expect((r._meta?.[ERROR_META_KEY] as { outcome: string }).outcome).toBe('not_performed');
    expect(hh.sandbox.faults.arrived('pick_user_on_seat')).toBe(1);
    expect(hh.sent('pick_user_on_seat')).toHaveLength(0);
    expect(lastOutcome('pick_user_on_seat')).toMatchObject({ result: 'error', code });
    hh.sandbox.faults.clear();
    expect(await seatOf(hh, 'viewer_ada')).toBeUndefined();
    await stillServing(hh);
  });

  it('pick_user_on_seat answered 100001 (internal error) is sent once and reported as unknown', async () => {
    const hh = await start();
    hh.sandbox.faults.set('pick_user_on_seat', { errorCode: 100001 });
    const r = await hh.call('pick_user_on_seat', PICK);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Tencent answered pick_user_on_seat with error 100001 \(internal server error\)\./);
    expect(r.text).toMatch(/unknown whether Tencent carried it out/);
    expect(r.text).toMatch(/Check with get_seat_list/);
    expect((r._meta?.[ERROR_META_KEY] as { outcome: string }).outcome).toBe('unknown');
    expect(hh.sandbox.faults.arrived('pick_user_on_seat')).toBe(1);
    expect(lastOutcome('pick_user_on_seat')).toMatchObject({ result: 'unknown', code: 100001 });
    await stillServing(hh);
  });

  it('a confirmed kick whose connection resets after the handler: one kick, reported unknown', async () => {
    const hh = await start(true);
    hh.sandbox.faults.set('kick_user_off_seat', { resetAfter: true });
    const r = await hh.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Data: 'fault test' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/unknown whether Tencent carried it out/);
    expect(r.text).toMatch(/Check with get_seat_list/);
    expect(hh.mcp.forms).toHaveLength(1);
    expect(hh.sandbox.faults.arrived('kick_user_off_seat')).toBe(1);
    expect(hh.sent('kick_user_off_seat')).toHaveLength(1);
    expect(lastOutcome('kick_user_off_seat')).toMatchObject({ result: 'unknown' });
    hh.sandbox.faults.clear();
    expect(await seatOf(hh, 'guest_omar')).toBeUndefined();
    await stillServing(hh);
  });

  it('a write whose connection is refused provably never left: reported as not sent', async () => {
    // A port that was just free: connecting is refused before a byte of the request is written.
    const probe = createHttpServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((ok) => probe.close(() => ok()));
    audit = new MemoryAuditLog();
    const h = await openHarness({ client: { ...CLIENT, endpoint: `http://127.0.0.1:${port}` }, runtime: createPolicyRuntime({ audit }) });
    const r = await h.call('pick_user_on_seat', PICK);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/connection refused/);
    expect(r.text).toMatch(/Nothing reached Tencent; it is safe to try again/);
    expect((r._meta?.[ERROR_META_KEY] as { outcome: string }).outcome).toBe('not_performed');
    expect(lastOutcome('pick_user_on_seat')).toMatchObject({ result: 'error' });
    expect(h.sandbox.faults.arrivals).toHaveLength(0);
  });

  it('a burst of mixed faults on reads and writes leaves the server serving', async () => {
    const hh = await start();
    hh.sandbox.faults.set('pick_user_on_seat', { resetAfter: true });
    hh.sandbox.faults.set('get_seat_list', { hangMs: 3000, times: 2 });
    hh.sandbox.faults.set('get_room_info', { malformedJson: true });
    const results = await Promise.all([
      hh.call('pick_user_on_seat', PICK),
      hh.call('get_seat_list', { RoomId: ROOM }),
      hh.call('get_room_info', { RoomId: ROOM }),
      hh.call('get_room_list', { Count: 3 }),
    ]);
    expect(results.map((r) => Boolean(r.isError))).toEqual([true, false, true, false]);
    expect(results[2]!.text).toMatch(/could not be read/);
    expect(hh.sandbox.faults.arrived('pick_user_on_seat')).toBe(1);
    expect(hh.sandbox.faults.arrived('get_seat_list')).toBe(3);
    expect(hh.sandbox.faults.arrived('get_room_info')).toBe(1);
    await stillServing(hh);
  });
});
