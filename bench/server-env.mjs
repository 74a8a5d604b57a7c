// The environment a benchmark gives a spawned server: the machine's, less any TENCENT_LIVE_*
// setting of the person running it, pointed at an in-process sandbox, with a state directory of
// its own (so audit logs and feed files of different runs never mix).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function serverEnv(sandbox, url, extra = {}) {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))),
    XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-bench-')),
    TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
    TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
    TENCENT_LIVE_ADMIN: sandbox.credentials.admin,
    TENCENT_LIVE_ENDPOINT: url,
    ...extra,
  };
}
