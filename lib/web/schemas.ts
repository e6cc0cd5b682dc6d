// Every request and response shape of the JSON API, as zod schemas: the route handlers validate with them, and
// the OpenAPI document (openapi.ts) is generated from them, so the two cannot drift apart.
import { z } from 'zod';
import { NewCredentials, PasswordChange, SignInCredentials, Username } from '../accounts/accounts';
import { ProductId } from '../catalog/events';
import { CancelReason, ItemRequest, MAX_ITEMS_PER_REQUEST, OrderId, ProductRef, Quantity } from '../orders/commands';
import { LineSchema, OrderStatusSchema } from '../orders/events';
import { dayStart } from './day';

/**
 * A whole number in a query string, written plainly (digits only: not `0x2`, `1e1`, ` 2`, or an empty value, which
 * a number coercion would read as 2, 10, 2 and 0), from `min` to `max`.
 */
const QueryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number, in digits')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

const CommandId = z
  .string()
  .min(1)
  .max(100)
  .describe('Chosen by the client: the same id again returns the first result and writes nothing');
const ExpectedVersion = z.int().min(0).describe('Act only if the order is still at this version, else 409');
const Status = OrderStatusSchema;
const Time = z.string().describe('ISO-8601 UTC');
/** A calendar day as date inputs send it; a day that does not exist is refused (400), not dropped. */
const Day = z
  .string()
  .refine((d) => dayStart(d) !== undefined, 'must be a calendar day, written YYYY-MM-DD')
  .describe('A UTC day, YYYY-MM-DD');

const OrderSummary = z.object({
  id: OrderId,
  number: z
    .int()
    .nullable()
    .describe("The order's number for people: the global position of its first event (unique; not consecutive)"),
  customerId: z.string().describe("The customer's user id (made at sign-up, never reused)"),
  customerName: z.string().nullable().describe("The customer's username when they created the order"),
  status: Status,
  totalCents: z.int(),
  itemCount: z.int(),
  version: z.int(),
  createdAt: Time,
  updatedAt: Time,
});

export const Schemas = {
  OrderId,
  NewCredentials,
  SignInCredentials,
  PasswordChange,
  SessionsEnded: z.object({ endedSessions: z.int().describe('How many other sessions were ended') }),
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
  /** Routes that take no query parameters: any is refused (400), as on every route. */
  NoQuery: z.strictObject({}),
  CommandQuery: z.strictObject({
    consistency: z
      .enum(['strong', 'eventual'])
      .optional()
      .describe('strong: answer once the read model shows the new version (up to 5 s, else 202)'),
  }),
  ListQuery: z.strictObject({
    status: Status.optional(),
    limit: QueryInt(1, 100).optional().describe('1-100, default 50'),
    cursor: z.string().min(1).max(500).optional().describe('From the X-Next-Cursor header of the previous page'),
  }),
  ExportQuery: z.strictObject({
    status: Status.optional(),
    customer: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(100)
      .optional()
      .describe('Staff only: one customer, by username'),
    from: Day.optional().describe('Created on or after this UTC day (YYYY-MM-DD)'),
    to: Day.optional().describe('Created on or before this UTC day (YYYY-MM-DD)'),
  }),
  EventsQuery: z.strictObject({
    order: z
      .enum(['newest', 'oldest'])
      .default('newest')
      .describe('newest: newest first (the default); oldest: from the start, oldest first'),
    limit: QueryInt(1, 1000).default(100).describe('1-1000, default 100'),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/, 'must be the X-Next-Cursor of the previous page')
      .optional()
      .describe('From the X-Next-Cursor header of the previous page (same order)'),
  }),
  StateQuery: z
    .strictObject({
      version: QueryInt(1, 999_999_999).optional(),
      at: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 time'),
    })
    .refine((q) => (q.version === undefined) !== (q.at === undefined), 'give exactly one of version and at'),

  Created: z.object({ id: OrderId, version: z.int() }),
  ProductCreated: z.object({ id: ProductId, version: z.int() }),
  StockVersion: z.object({ productId: ProductId, version: z.int().describe("the product's stock stream version") }),
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
  Product: z.object({
    id: z.string(),
    name: z.string(),
    priceCents: z.int(),
    available: z.int().describe('units that may still be ordered (on hand − held for orders), from the read model'),
  }),
  StockLevel: z.object({
    productId: z.string(),
    onHand: z.int().describe('units counted in and not yet committed to an order'),
    reserved: z.int().describe('units held for confirmed or submitted orders'),
    available: z.int(),
  }),
  StockReceiveBody: z.strictObject({
    quantity: z.int().describe('units received: 1 to 1,000,000 (a rule: 422 outside)'),
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  StockAdjustmentBody: z.strictObject({
    quantity: z.int().describe('the signed change: −2 for two units broken; not 0 (a rule: 422)'),
    reason: z.string().max(1000).describe('why, one line of 1-200 characters (a rule: 422 outside)'),
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  ProductId,
  NewProductBody: z.strictObject({
    id: ProductId,
    name: z.string().max(1000).describe('1-120 characters after trimming (a rule: 422 outside)'),
    priceCents: z.int().describe('0-100,000,000 (a rule: 422 outside)'),
    commandId: CommandId.optional(),
  }),
  ProductPatchBody: z.strictObject({
    name: z.string().max(1000).optional(),
    priceCents: z.int().optional(),
    active: z.boolean().optional().describe('false retires the product, true lists it again'),
    commandId: CommandId.optional(),
    expectedVersion: ExpectedVersion.optional(),
  }),
  Rebuild: z.object({
    rebuild: z
      .object({
        projection: z.string(),
        phase: z.enum(['replaying', 'swapping', 'done', 'failed']),
        startedAt: Time,
        position: z.int(),
        head: z.int(),
        events: z.int(),
        eventsPerSec: z.number(),
        etaSeconds: z.number().nullable(),
        error: z.string().optional(),
      })
      .nullable(),
  }),
  Health: z.object({
    status: z.enum(['ok', 'catching_up']).describe('catching_up (HTTP 503) until the read model reaches the log'),
    catchingUp: z.object({ behind: z.int() }).optional().describe('While catching up: events still to apply'),
    eventStore: z.enum(['redis', 'sqlite']),
    head: z.int(),
    projector: z.object({
      inThisProcess: z.boolean(),
      lease: z.object({ owner: z.string(), expiresAt: Time }).nullable(),
      projections: z.array(
        z.object({
          name: z.string(),
          checkpoint: z.int(),
          behind: z.int().describe('events recorded and not yet applied'),
          oldestPendingMs: z.number().describe('ms since the oldest of those was recorded (0 when caught up)'),
        }),
      ),
    }),
  }),
};
