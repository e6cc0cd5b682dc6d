// Every request and response shape of the JSON API, as zod schemas: the route handlers validate with them, and
// the OpenAPI document (openapi.ts) is generated from them, so the two cannot drift apart.
import { z } from 'zod';
import { Credentials, Username } from '../accounts/accounts';
import { CancelReason, ItemRequest, MAX_ITEMS_PER_REQUEST, OrderId, ProductRef, Quantity } from '../orders/commands';
import { LineSchema, OrderStatusSchema } from '../orders/events';

const CommandId = z
  .string()
  .min(1)
  .max(100)
  .describe('Chosen by the client: the same id again returns the first result and writes nothing');
const ExpectedVersion = z.int().min(0).describe('Act only if the order is still at this version, else 409');
const Status = OrderStatusSchema;
const Time = z.string().describe('ISO-8601 UTC');

const OrderSummary = z.object({
  id: OrderId,
  customerId: z.string(),
  status: Status,
  totalCents: z.int(),
  itemCount: z.int(),
  version: z.int(),
  createdAt: Time,
  updatedAt: Time,
});

export const Schemas = {
  OrderId,
  Credentials,
  UserOut: z.object({ username: Username }),
  Error: z.object({ error: z.string() }).describe('Every error answer'),
  RuleError: z
    .object({ error: z.string(), code: z.string().describe('The broken rule, e.g. NoLines, QuantityOutOfRange') })
    .describe('A refused command'),
  Conflict: z.object({ error: z.string(), currentVersion: z.int() }),

  CreateOrderBody: z.strictObject({
    items: z.array(ItemRequest).max(MAX_ITEMS_PER_REQUEST),
    commandId: CommandId.optional(),
  }),
  AddItemBody: z.strictObject({
    productId: ProductRef,
    quantity: Quantity,
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  ChangeQuantityBody: z.strictObject({
    quantity: Quantity,
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  CommandBody: z.strictObject({ commandId: CommandId.optional(), expectedVersion: ExpectedVersion.optional() }),
  CancelBody: z.strictObject({
    reason: CancelReason.optional(),
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  CommandQuery: z.strictObject({
    consistency: z
      .enum(['strong', 'eventual'])
      .optional()
      .describe('strong: answer once the read model shows the new version (up to 5 s, else 202)'),
  }),
  ListQuery: z.strictObject({
    status: Status.optional(),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('1-100, default 50'),
    cursor: z.string().min(1).max(500).optional().describe('From the X-Next-Cursor header of the previous page'),
  }),
  StateQuery: z
    .strictObject({
      version: z.coerce.number().int().min(1).optional(),
      at: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 time'),
    })
    .refine((q) => (q.version === undefined) !== (q.at === undefined), 'give exactly one of version and at'),

  Created: z.object({ id: OrderId, version: z.int() }),
  Version: z.object({ version: z.int() }),
  OrderSummary,
  OrderDetail: OrderSummary.extend({
    submittedAt: Time.nullable(),
    cancelledAt: Time.nullable(),
    cancelReason: z.string().nullable(),
  }),
  Item: LineSchema,
  Event: z.object({
    eventId: z.string(),
    type: z.string(),
    version: z.int(),
    position: z.int(),
    recordedAt: Time,
    data: z.unknown(),
    metadata: z.record(z.string(), z.unknown()),
  }),
  State: z.object({
    version: z.int(),
    status: Status,
    customerId: z.string(),
    items: z.array(LineSchema),
    totalCents: z.int(),
    createdAt: Time,
    updatedAt: Time,
    submittedAt: Time.nullable(),
    cancelledAt: Time.nullable(),
    cancelReason: z.string().nullable(),
  }),
  Product: z.object({ id: z.string(), name: z.string(), priceCents: z.int() }),
  Health: z.object({
    status: z.literal('ok'),
    eventStore: z.enum(['redis', 'sqlite']),
    head: z.int(),
    projector: z.object({
      inThisProcess: z.boolean(),
      lease: z.object({ owner: z.string(), expiresAt: Time }).nullable(),
      projections: z.array(
        z.object({
          name: z.string(),
          checkpoint: z.int(),
          behind: z.int(),
          commitLagMs: z.number().nullable(),
          oldestPendingMs: z.number(),
        }),
      ),
    }),
  }),
};
