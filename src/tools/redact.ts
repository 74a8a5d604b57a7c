// Values a tool result never carries, whatever Tencent answers. A conference room's password
// (cloud.tencent.com/document/product/1690/102878) is a join secret for humans: the model has no use
// for it, and anything in a result can be echoed into chat or a log. docs/api-decisions.md
// "conference" records the decision.
export const REDACTED = '[redacted]';

/** Keys whose value is replaced at any depth of a payload (exact names, as Tencent spells them). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['Password']);

/**
 * `payload` with every secret field's value replaced; other values are left as they are. Copies
 * only when there is something to replace: almost no answer holds a secret field, and copying
 * every answer was a measurable share of a read's CPU.
 */
export function redactPayload<T>(payload: T): T {
  return holdsSecretField(payload) ? redactedCopy(payload) : payload;
}

function holdsSecretField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecretField);
  if (value === null || typeof value !== 'object') return false;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if ((SECRET_FIELDS.has(k) && v !== undefined) || holdsSecretField(v)) return true;
  }
  return false;
}

function redactedCopy<T>(payload: T): T {
  if (Array.isArray(payload)) return payload.map((v) => redactedCopy(v)) as T;
  if (payload === null || typeof payload !== 'object') return payload;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload as Record<string, unknown>)) {
    out[k] = SECRET_FIELDS.has(k) && v !== undefined ? REDACTED : redactedCopy(v);
  }
  return out as T;
}
