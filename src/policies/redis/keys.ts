// Key names of one deployment. Every key carries the prefix in a hash tag ({prefix}), so all keys a
// script touches share one slot should the deployment ever sit behind a Redis Cluster proxy; and two
// deployments with different prefixes never see each other's state.

export interface RedisKeys {
  readonly prefix: string;
  cap(key: string): string;
  slot(key: string): string;
  /** Approval hashes: this string plus the approval id. */
  readonly approvalPrefix: string;
  approval(id: string): string;
  digest(digest: string): string;
  readonly approvalIndex: string;
  readonly codecKey: string;
  /** Pub/sub channel for approval changes ("created <id>", "decided <id>", "consumed <id>"). */
  readonly approvalChannel: string;
}

export const DEFAULT_REDIS_PREFIX = 'tencent-live-mcp';

export function redisKeys(prefix: string = DEFAULT_REDIS_PREFIX): RedisKeys {
  if (!prefix || /[{}\s]/.test(prefix)) throw new Error(`Redis key prefix ${JSON.stringify(prefix)} must be non-empty, without braces or spaces.`);
  const p = `{${prefix}}`;
  return {
    prefix,
    cap: (key) => `${p}:cap:${key}`,
    slot: (key) => `${p}:slot:${key}`,
    approvalPrefix: `${p}:approval:`,
    approval: (id) => `${p}:approval:${id}`,
    digest: (digest) => `${p}:approval-digest:${digest}`,
    approvalIndex: `${p}:approvals`,
    codecKey: `${p}:confirm-state-key`,
    approvalChannel: `${p}:approvals`,
  };
}
