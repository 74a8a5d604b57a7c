// Configuration of the Tencent Cloud API 3.0 client (TRTC actions) from the environment, and the
// one place that decides whether a server offers those tools: with the credential it does, without
// it the tools are not listed and the start log says which variables are missing.
import type { Logger } from '../logger.js';
import type { CloudApiClient } from './cloud-api.js';

export const CLOUD_API_ENV = {
  secretId: 'TENCENT_CLOUD_SECRET_ID',
  secretKey: 'TENCENT_CLOUD_SECRET_KEY',
  region: 'TENCENT_CLOUD_REGION',
  endpoint: 'TENCENT_CLOUD_API_ENDPOINT',
} as const;

/** RemoveUser and RemoveUserByStrRoomId are offered in ap-singapore (trtc.io/document/34268), as is DescribeRoomInfo. */
export const DEFAULT_CLOUD_REGION = 'ap-singapore';

export interface CloudApiConfig {
  secretId: string;
  secretKey: string;
  region: string;
  endpoint?: string;
}

/** Either a configuration, or why there is none (a sentence for the start log). */
export type CloudApiSetting = { config: CloudApiConfig } | { off: string };

/** Throws (with a message for a person) on a malformed value; a missing credential is not an error. */
export function cloudApiSettingFrom(env: Record<string, string | undefined>, error: (message: string) => Error = (m) => new Error(m)): CloudApiSetting {
  const secretId = env[CLOUD_API_ENV.secretId] || undefined;
  const secretKey = env[CLOUD_API_ENV.secretKey] || undefined;
  const region = env[CLOUD_API_ENV.region] || DEFAULT_CLOUD_REGION;
  const endpoint = env[CLOUD_API_ENV.endpoint] || undefined;
  if (!/^[a-z]{2,}-[a-z]+(-[a-z0-9]+)*$/.test(region)) {
    throw error(`${CLOUD_API_ENV.region} must be a Tencent Cloud region such as ap-singapore, got ${JSON.stringify(region)}.`);
  }
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) throw error(`${CLOUD_API_ENV.endpoint} must be an http(s) URL.`);
  const missing = [!secretId && CLOUD_API_ENV.secretId, !secretKey && CLOUD_API_ENV.secretKey].filter(Boolean);
  if (missing.length > 0) {
    return { off: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set` };
  }
  return { config: { secretId: secretId!, secretKey: secretKey!, region, ...(endpoint && { endpoint }) } };
}

/**
 * Opens the cloud API client for a serving process, or logs why the TRTC tools are not offered.
 * With the sandbox, the sandbox's own API 3.0 credential and address are used unless configured.
 */
export async function openCloudApi(
  setting: CloudApiSetting | undefined,
  o: { sdkAppId: number; logger: Logger; allowInsecureEndpoint?: boolean; sandbox?: { url: string; secretId: string; secretKey: string } },
): Promise<CloudApiClient | undefined> {
  let config = setting && 'config' in setting ? setting.config : undefined;
  if (!config && o.sandbox) config = { secretId: o.sandbox.secretId, secretKey: o.sandbox.secretKey, region: DEFAULT_CLOUD_REGION, endpoint: o.sandbox.url };
  if (!config) {
    const why = setting && 'off' in setting ? setting.off : 'no Tencent Cloud API credential is configured';
    o.logger.info(`TRTC media-room tools (remove_user, remove_user_by_str_room_id, describe_room_info) are not offered: ${why}`);
    return undefined;
  }
  o.logger.addSecret(config.secretKey);
  // Tencent's SDK loads only for a server that offers the TRTC tools.
  const { createCloudApiClient } = await import('./cloud-api.js');
  const client = createCloudApiClient({ ...config, sdkAppId: o.sdkAppId, logger: o.logger, ...(o.allowInsecureEndpoint && { allowInsecureEndpoint: true }) });
  o.logger.info('Tencent Cloud API 3.0 (TRTC) enabled', { region: config.region, ...(config.endpoint && { endpoint: config.endpoint }) });
  return client;
}
