// One-time tokens: a human's consent given through elicitation is good for one call. The signed
// state that carries it could otherwise be sent again within its lifetime and run the action again.
export interface OnceStore {
  /** True the first time `key` is used within ttlMs, false on every later use. */
  use(key: string, ttlMs: number, now: number): Promise<boolean>;
}

export function memoryOnceStore(): OnceStore {
  const used = new Map<string, number>();
  return {
    async use(key, ttlMs, now) {
      for (const [k, until] of used) if (until <= now) used.delete(k);
      if (used.has(key)) return false;
      used.set(key, now + ttlMs);
      return true;
    },
  };
}
