// Fault injection for the sandbox's HTTP surface, per endpoint, so tests and benchmarks can prove
// what the client and the server do when Tencent (or the network in between) misbehaves.
//
// Each fault says whether the handler runs, because that is what decides the honest answer:
//   resetBefore   the socket is destroyed before the handler runs: nothing is applied.
//   errorCode     Tencent answers FAIL with this code (e.g. 100001, 60007): nothing is applied.
//   status5xx     a gateway answers with this HTTP status: nothing is applied behind it.
//   resetAfter    the handler runs (state changes!), then the socket is destroyed unanswered.
//   malformedJson the handler runs, then a truncated JSON body is sent.
//   hangMs        the handler runs, then the answer is held back this long (the client times out).
//   latencyMs     a delay before anything else happens; combines with any of the above.
// `times` limits a fault to the next n matching requests (default: until cleared).
import { ENDPOINTS, type EndpointName, endpointPath } from '../catalog/endpoints.js';

export interface FaultSpec {
  latencyMs?: number;
  status5xx?: number;
  resetBefore?: boolean;
  resetAfter?: boolean;
  malformedJson?: boolean;
  hangMs?: number;
  errorCode?: number;
  times?: number;
}

/** What happened to one request that arrived over HTTP (whether or not a fault applied). */
export interface FaultArrival {
  /** Catalog name of the command, or the raw path when it names none. */
  command: string;
  /** The fault that applied, if any. */
  fault?: FaultSpec;
}

/** The rule for every command without one of its own. */
export const ANY_COMMAND = '*';

export interface Faults {
  /** Injects `spec` into requests for `command` (a catalog name, or '*' for every command). */
  set(command: EndpointName | typeof ANY_COMMAND, spec: FaultSpec): void;
  /** Removes the fault of one command, or all faults. The arrival log is kept. */
  clear(command?: EndpointName | typeof ANY_COMMAND): void;
  /** Every request that arrived over HTTP, oldest first (the last 10,000 or so are kept). */
  readonly arrivals: FaultArrival[];
  /** Requests for `command` that reached the socket, faulted or not. */
  arrived(command: string): number;
  /** Used by the HTTP layer: the fault for this request (consuming one of its `times`), if any. */
  take(path: string): { command: string; fault?: FaultSpec };
}

const ARRIVALS_CAP = 10_000;
const OUTCOMES = ['status5xx', 'resetBefore', 'resetAfter', 'malformedJson', 'hangMs', 'errorCode'] as const;

const ROUTES: ReadonlyMap<string, string> = new Map(
  (Object.keys(ENDPOINTS) as EndpointName[]).map((name) => [endpointPath(ENDPOINTS[name]), name]),
);

function validate(command: string, spec: FaultSpec): void {
  if (command !== ANY_COMMAND && !(command in ENDPOINTS)) throw new Error(`faults: unknown command ${JSON.stringify(command)}`);
  const outcomes = OUTCOMES.filter((k) => spec[k] !== undefined && spec[k] !== false);
  if (outcomes.length > 1) throw new Error(`faults: choose one of ${outcomes.join(', ')}, not several`);
  const ms = (k: 'latencyMs' | 'hangMs') => {
    const v = spec[k];
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 600_000)) throw new Error(`faults: ${k} must be 0..600000`);
  };
  ms('latencyMs');
  ms('hangMs');
  if (spec.status5xx !== undefined && (!Number.isInteger(spec.status5xx) || spec.status5xx < 500 || spec.status5xx > 599)) {
    throw new Error('faults: status5xx must be an HTTP status from 500 to 599');
  }
  if (spec.errorCode !== undefined && (!Number.isInteger(spec.errorCode) || spec.errorCode <= 0)) {
    throw new Error('faults: errorCode must be a positive integer (a Tencent error code)');
  }
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) throw new Error('faults: times must be a positive integer');
}

export function createFaults(): Faults {
  const rules = new Map<string, { spec: FaultSpec; left: number }>();
  const arrivals: FaultArrival[] = [];
  return {
    set(command, spec) {
      validate(command, spec);
      rules.set(command, { spec: { ...spec }, left: spec.times ?? Infinity });
    },
    clear(command) {
      if (command === undefined) rules.clear();
      else rules.delete(command);
    },
    arrivals,
    arrived: (command) => arrivals.reduce((n, a) => n + (a.command === command ? 1 : 0), 0),
    take(path) {
      const command = ROUTES.get(path.replace(/^\/+/, '')) ?? path;
      const key = rules.has(command) ? command : rules.has(ANY_COMMAND) ? ANY_COMMAND : undefined;
      let fault: FaultSpec | undefined;
      if (key !== undefined) {
        const rule = rules.get(key)!;
        fault = rule.spec;
        rule.left -= 1;
        if (rule.left <= 0) rules.delete(key);
      }
      arrivals.push({ command, ...(fault && { fault }) });
      // Trimmed in chunks, so a long-running sandbox does not shift the whole log on every request.
      if (arrivals.length > ARRIVALS_CAP * 1.1) arrivals.splice(0, arrivals.length - ARRIVALS_CAP);
      return { command, ...(fault && { fault }) };
    },
  };
}

/** A body that starts like Tencent's envelope and stops mid-way: not parseable JSON. */
export const MALFORMED_BODY = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","RequestId":"Id-malformed","Resp';

/** What a gateway in front of Tencent answers with; not Tencent's envelope. */
export function gatewayBody(status: number): string {
  return `<html><body><h1>${status} gateway error</h1>sandbox fault injection</body></html>`;
}

/** The moves the HTTP layer lets a fault make. */
export interface FaultIo {
  /** Runs the dispatcher (gateway checks, rate limit, handler) and returns its answer. */
  run(): { status: number; body: unknown };
  send(out: { status: number; body: unknown }): void;
  sendRaw(status: number, contentType: string, text: string): void;
  /** Destroys the connection without answering. */
  reset(): void;
  /** A timer the server clears on close; `fn` should do nothing once the socket is gone. */
  later(ms: number, fn: () => void): void;
}

/** Serves one request under `fault`. */
export function applyFault(fault: FaultSpec, io: FaultIo): void {
  const go = () => {
    if (fault.resetBefore) return io.reset();
    if (fault.errorCode !== undefined) {
      return io.send({ status: 200, body: { ActionStatus: 'FAIL', ErrorCode: fault.errorCode, ErrorInfo: 'sandbox fault injection', RequestId: `Id-fault-${Date.now().toString(16)}` } });
    }
    if (fault.status5xx !== undefined) return io.sendRaw(fault.status5xx, 'text/html; charset=utf-8', gatewayBody(fault.status5xx));
    const out = io.run();
    if (fault.resetAfter) return io.reset();
    if (fault.malformedJson) return io.sendRaw(200, 'application/json; charset=utf-8', MALFORMED_BODY);
    if (fault.hangMs) return io.later(fault.hangMs, () => io.send(out));
    io.send(out);
  };
  if (fault.latencyMs) io.later(fault.latencyMs, go);
  else go();
}
