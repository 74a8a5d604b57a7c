// Random hex strings cut from a pooled buffer of random bytes: one call into the system's random
// source per 4 KiB instead of one per id. Call ids (one per write) and resumable-stream event ids
// (two or three per HTTP tool call) each showed in a call's profile as a synchronous randomBytes.
// The bytes are the same CSPRNG output; only the calls into it are batched.
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = 0;

/** `bytes` random bytes as hex (2 × bytes digits); each byte is handed out once. */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (at + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    at = 0;
  }
  at += bytes;
  return pool.toString('hex', at - bytes, at);
}
