// The benchmarks' event: an order line with a note, about 300 bytes of data, and metadata like the app's.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../lib/eventstore/types';

export const benchData = {
  orderId: 'a3c1e0f2-6b7d-4e8a-9f10-2b3c4d5e6f70',
  lineId: 'line-7',
  productId: 'espresso-beans-1kg',
  name: 'Espresso beans, 1 kg, single origin',
  quantity: 2,
  unitPriceCents: 1_200,
  note: 'Please grind for a moka pot and pack the two bags separately; the second bag is a present for a neighbour.',
  addedBy: 'ann',
};

/** The metadata an app command writes: actor, command, correlation and causation ids, the request's trace. */
export const benchMetadata = () => ({
  actor: 'ann',
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
});

export const benchEvent = (): NewEvent => ({ type: 'ItemAdded', data: benchData, metadata: benchMetadata() });

/** The minimal correct store's event: the whole event as one JSON string, as it stores it in both copies. */
export const fullEvent = (streamId: string) =>
  JSON.stringify({ eventId: randomUUID(), streamId, type: 'ItemAdded', data: benchData, metadata: benchMetadata() });

/**
 * The minimal correct Redis store's append script. KEYS: the stream's list, the global log. ARGV: the expected
 * version (-1: any), then each event's JSON. Returns {'ok', version} or {'conflict', actualVersion}.
 */
export const BASELINE_APPEND = `
local v = redis.call('LLEN', KEYS[1])
local expected = tonumber(ARGV[1])
if expected >= 0 and v ~= expected then return {'conflict', v} end
for i = 2, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
  redis.call('XADD', KEYS[2], '*', 'e', ARGV[i])
end
return {'ok', v + #ARGV - 1}
`;
