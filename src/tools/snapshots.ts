// Room state read just before a confirmation form asks (ConfirmSpec.snapshot: in this project a
// "snapshot" is always that state, compared again after consent), shared by live and
// conference rooms: both answer get_room_info with the same RoomInfo shape, so only the endpoint
// differs. The values are user content: the form shows them quoted, as data.
import type { Endpoint } from '../catalog/endpoints.js';
import type { LiveClient } from '../client/types.js';

export async function readRoomInfo(client: LiveClient, endpoint: Endpoint, roomId: string): Promise<Record<string, unknown>> {
  const { body } = await client.call(endpoint, { RoomId: roomId }, { idempotent: true });
  return (body.Response as { RoomInfo?: Record<string, unknown> } | undefined)?.RoomInfo ?? {};
}

/** The owner as the room reports it now: shown in an ownership form and compared after consent. */
export async function currentOwner(client: LiveClient, endpoint: Endpoint, roomId: string): Promise<Record<string, string>> {
  const info = await readRoomInfo(client, endpoint, roomId);
  return { 'Current owner': String(info.Owner_Account ?? '(unknown)') };
}

/**
 * Name, owner and creation time of a room about to be dismissed. Not counters such as ViewCount
 * or MemberCount: they move while the human decides and would fail the post-consent re-check for
 * no reason. CreateTime catches a room dismissed and re-created under the same id meanwhile.
 */
export async function roomIdentity(client: LiveClient, endpoint: Endpoint, roomId: string): Promise<Record<string, string>> {
  const info = await readRoomInfo(client, endpoint, roomId);
  const created = typeof info.CreateTime === 'number' ? new Date(info.CreateTime * 1000).toISOString() : '(unknown)';
  return { 'Room name': String(info.RoomName ?? '(unknown)'), Owner: String(info.Owner_Account ?? '(unknown)'), Created: created };
}
