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
