// The tools see one client (LiveClient). A server with the Tencent Cloud API 3.0 credential hands
// them a LiveClient that also carries the cloud API client; tools that need it (src/tools/trtc.ts)
// take it from there, and every other tool is unaffected.
import type { CloudApiClient } from './cloud-api.js';
import type { LiveClient } from './types.js';

const CLOUD = Symbol('tencent-live-mcp.cloudApi');

type WithCloud = LiveClient & { [CLOUD]?: CloudApiClient };

/** `live` plus the cloud API client; close() closes both. */
export function withCloudApi(live: LiveClient, cloud: CloudApiClient): LiveClient {
  const linked: WithCloud = {
    call: (endpoint, body, opts) => live.call(endpoint, body, opts),
    close: async () => {
      await Promise.allSettled([live.close(), cloud.close()]);
    },
    [CLOUD]: cloud,
  };
  return linked;
}

/** The cloud API client a LiveClient carries, if the server has the credential. */
export function cloudApiOf(client: LiveClient): CloudApiClient | undefined {
  return (client as WithCloud)[CLOUD];
}
