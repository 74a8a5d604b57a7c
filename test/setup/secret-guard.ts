// Secret hygiene across the whole suite: test helpers hand every secret they know (the sandbox's
// secret key, every UserSig the sandbox saw, tokens) and everything the server wrote (tool
// results, log lines, audit records) to this guard; after each test file it fails if any secret
// appears in any output.
import { afterAll } from 'vitest';

export interface SecretGuard {
  secrets: Set<string>;
  outputs: string[];
}

const KEY = '__tencentLiveSecretGuard';
const g = globalThis as unknown as Record<string, SecretGuard | undefined>;
export const guard: SecretGuard = (g[KEY] ??= { secrets: new Set(), outputs: [] });

/** Every secret that appears in an output (raw or URL-encoded), with where. */
export function findLeaks({ secrets, outputs }: SecretGuard): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    const forms = [secret, encodeURIComponent(secret)];
    const out = outputs.find((o) => forms.some((f) => o.includes(f)));
    if (out !== undefined) leaks.push(`a secret (${secret.slice(0, 4)}…, ${secret.length} chars) appears in: ${out.slice(0, 200)}`);
  }
  return leaks;
}

afterAll(() => {
  const leaks = findLeaks(guard);
  const checked = `${guard.secrets.size} secrets against ${guard.outputs.length} outputs`;
  guard.secrets.clear();
  guard.outputs.length = 0;
  if (leaks.length > 0) throw new Error(`Secret hygiene (${checked}):\n${leaks.join('\n')}`);
});
