// Event ids derived from (actor, commandId, index): handling the same command twice produces the same ids, so
// the event store itself refuses to write it twice, even when both attempts run at once.
import { createHash, createHmac } from 'node:crypto';

/** A name-based (version 5 style) UUID: the same parts always give the same id. */
export function nameBasedUuid(...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A UUID (version 8 layout: custom) keyed with a server-side secret `key`: the same parts always give the same id,
 * but no one without the key can work it out from the parts.
 */
export function keyedUuid(key: string, ...parts: (string | number)[]): string {
  const h = createHmac('sha256', key).update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the index-th event of this actor's command. */
export const commandEventId = (actorId: string, commandId: string, index: number) =>
  nameBasedUuid('orderly-command', actorId, commandId, index);

/** A short fingerprint of a parsed command, to tell a retry from a reuse of its commandId for something else. */
export function commandFingerprint(command: unknown): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url').slice(0, 22);
}
