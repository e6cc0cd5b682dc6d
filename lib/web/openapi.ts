// The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas that validate requests.
import { z } from 'zod';
import { MAX_BODY_BYTES } from './http';
import { Schemas } from './schemas';

type Method = 'get' | 'post' | 'patch' | 'delete';
interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  auth: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyOptional?: boolean;
  ok: [status: number, description: string, schema?: z.ZodType, headers?: Record<string, string>];
  errors: number[];
  ifMatch?: boolean;
  /** Path parameters other than an order's {id}. */
  params?: Record<string, z.ZodType>;
}

const ERRORS: Record<number, string> = {
  400: 'The request cannot be taken as written (malformed JSON, wrong types, missing or unknown fields, a bad id or query)',
  401: 'No valid session (sign in first); for sign-in, a wrong username or password',
  404: 'No such order, or not yours (never 403: an order you may not see does not exist for you)',
  409: 'The order changed: `expectedVersion` is stale; the body has `currentVersion` (for a rebuild: one is running)',
  412: 'The order changed: the If-Match version is stale',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes`,
  422: 'The request breaks a business rule (no items, unknown product, quantity outside 1-999, more than 100 lines, not a draft, a reused commandId…)',
  415: 'A state-changing request whose body is not JSON (Content-Type: application/json)',
  403: 'A state-changing request from a foreign origin (see ALLOWED_ORIGINS)',
  429: 'Too many attempts (sign-ins from this address, or commands of this user); see Retry-After',
  503: 'Not ready (the read model is catching up, the body says how far), the store of record is unreachable, or too many sign-ins are being checked at once; see Retry-After',
};

const command = (method: Method, path: string, summary: string, body: z.ZodType, bodyOptional = false): RouteDoc => ({
  method,
  path,
  summary,
  auth: true,
  query: Schemas.CommandQuery,
  body,
  bodyOptional,
  ok: [200, 'Done: the order is now at this version', Schemas.Version, { ETag: 'The new version, in quotes' }],
  errors: [400, 401, 404, 409, 412, 413, 422],
  ifMatch: true,
});

export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/users',
    summary: 'Sign up (a password too easy to guess is refused with 400, saying why)',
    auth: false,
    body: Schemas.NewCredentials,
    ok: [201, 'Created', Schemas.UserOut],
    errors: [400, 409, 413, 429, 503],
  },
  {
    method: 'post',
    path: '/api/session',
    summary: 'Sign in: sets the session cookie',
    auth: false,
    body: Schemas.SignInCredentials,
    ok: [204, 'Signed in', undefined, { 'Set-Cookie': 'orderly_session=…; HttpOnly; SameSite=Lax' }],
    errors: [400, 401, 413, 429, 503],
  },
  {
    method: 'post',
    path: '/api/account/password',
    summary: 'Change the password (the current one checked); ends every other session and its live pages',
    auth: true,
    body: Schemas.PasswordChange,
    ok: [200, 'Changed', Schemas.SessionsEnded],
    errors: [400, 401, 413, 429, 503],
  },
  {
    method: 'delete',
    path: '/api/account/sessions',
    summary: 'Sign out everywhere else: ends every other session of this user and its live pages',
    auth: true,
    ok: [200, 'Ended', Schemas.SessionsEnded],
    errors: [401],
  },
  {
    method: 'delete',
    path: '/api/session',
    summary: 'Sign out: ends the session for every copy of the cookie',
    auth: false,
    ok: [204, 'Signed out'],
    errors: [],
  },
  {
    method: 'get',
    path: '/api/orders',
    summary: 'My orders (staff: all), newest first',
    auth: true,
    query: Schemas.ListQuery,
    ok: [
      200,
      'A page of orders',
      z.array(Schemas.OrderSummary),
      { 'X-Next-Cursor': 'Present when more remain: pass it back as ?cursor=' },
    ],
    errors: [400, 401],
  },
  {
    method: 'get',
    path: '/api/orders/export.csv',
    summary: 'The orders list as CSV (every page, streamed): mine, or for staff all or one customer’s',
    auth: true,
    query: Schemas.ExportQuery,
    ok: [200, 'text/csv: number,id,customer,status,items,total_usd,created_at,updated_at'],
    errors: [400, 401, 404],
  },
  {
    method: 'post',
    path: '/api/orders',
    summary: 'Create an order',
    auth: true,
    query: Schemas.CommandQuery,
    body: Schemas.CreateOrderBody,
    ok: [201, 'Created', Schemas.Created, { Location: 'The order', ETag: 'Its version' }],
    errors: [400, 401, 413, 422],
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    summary: 'One order from the read model',
    auth: true,
    ok: [
      200,
      'The order',
      z.object({ summary: Schemas.OrderDetail, items: z.array(Schemas.Item) }),
      { ETag: 'The version the read model shows, in quotes' },
    ],
    errors: [400, 401, 404],
  },
  command(
    'post',
    '/api/orders/{id}/items',
    'Add a product (adds to its line when already on the order)',
    Schemas.AddItemBody,
  ),
  command('patch', '/api/orders/{id}/items/{productId}', 'Change the quantity of a line', Schemas.ChangeQuantityBody),
  command('delete', '/api/orders/{id}/items/{productId}', 'Remove a line', Schemas.CommandBody, true),
  command('post', '/api/orders/{id}/submit', 'Submit the order', Schemas.CommandBody, true),
  command('post', '/api/orders/{id}/cancel', 'Cancel the order', Schemas.CancelBody, true),
  command(
    'post',
    '/api/orders/{id}/ship',
    'Staff: ship a confirmed order (its reserved units leave the stock); to anyone else the route does not exist (404)',
    Schemas.CommandBody,
    true,
  ),
  {
    method: 'get',
    path: '/api/orders/{id}/events',
    summary: "A page of the order's events from the event store: newest first, or from the start (order=oldest)",
    auth: true,
    query: Schemas.EventsQuery,
    ok: [
      200,
      'A page of events',
      z.array(Schemas.Event),
      { 'X-Next-Cursor': 'Present when more remain: pass it back as ?cursor= (with the same order)' },
    ],
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: '/api/orders/{id}/state',
    summary: 'The order as it was at a version or a moment (give exactly one)',
    auth: true,
    query: Schemas.StateQuery,
    ok: [200, 'The order then', Schemas.State],
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: '/api/products',
    summary: 'The catalog: products on sale',
    auth: false,
    ok: [200, 'Products', z.array(Schemas.Product)],
    errors: [],
  },
  {
    method: 'post',
    path: '/api/products',
    summary: 'Staff: list a product (customers get 404)',
    auth: true,
    body: Schemas.NewProductBody,
    ok: [201, 'Listed', Schemas.ProductCreated, { Location: 'The product', ETag: 'Its version' }],
    errors: [400, 401, 404, 413, 422],
  },
  {
    method: 'patch',
    path: '/api/products/{id}',
    summary: "Staff: change a product's name, price or whether it is on sale (customers get 404)",
    auth: true,
    body: Schemas.ProductPatchBody,
    params: { id: Schemas.ProductId },
    ok: [200, 'Done: the product is now at this version', Schemas.Version, { ETag: 'The new version, in quotes' }],
    errors: [400, 401, 404, 409, 412, 413, 422],
    ifMatch: true,
  },
  {
    method: 'get',
    path: '/api/products/{id}/stock',
    summary: "Staff: a product's stock: on hand, held for orders, available (customers get 404)",
    auth: true,
    params: { id: Schemas.ProductId },
    ok: [200, 'Its stock, from the read model', Schemas.StockLevel],
    errors: [400, 401, 404],
  },
  {
    method: 'post',
    path: '/api/products/{id}/stock',
    summary: 'Staff: record units of a product received (customers get 404)',
    auth: true,
    body: Schemas.StockReceiveBody,
    params: { id: Schemas.ProductId },
    ok: [200, "Recorded: the product's stock is now at this version", Schemas.StockVersion, { ETag: 'Its version' }],
    errors: [400, 401, 404, 409, 412, 413, 422],
    ifMatch: true,
  },
  {
    method: 'post',
    path: '/api/products/{id}/stock/adjustments',
    summary: "Staff: correct a product's count by a signed quantity, with a reason (customers get 404)",
    auth: true,
    body: Schemas.StockAdjustmentBody,
    params: { id: Schemas.ProductId },
    ok: [201, "Recorded: the product's stock is now at this version", Schemas.StockVersion, { ETag: 'Its version' }],
    errors: [400, 401, 404, 409, 412, 413, 422],
    ifMatch: true,
  },
  {
    method: 'get',
    path: '/api/admin/rebuild',
    summary: 'Staff: the latest rebuild started in this server (customers get 404)',
    auth: true,
    ok: [200, 'Its progress, or null', Schemas.Rebuild],
    errors: [401, 404],
  },
  {
    method: 'post',
    path: '/api/admin/rebuild',
    summary: "Staff: rebuild every projection in this server, as the projections page's button does",
    auth: true,
    ok: [202, 'Started', Schemas.Rebuild],
    errors: [401, 404, 409],
  },
  {
    method: 'get',
    path: '/api/health',
    summary: 'Ready (200) or catching up (503); event store kind and projector lag',
    auth: false,
    ok: [200, 'Healthy', Schemas.Health],
    errors: [503],
  },
  {
    method: 'get',
    path: '/api/ping',
    summary:
      'This server answers and its store of record answered its last pings (204, no body, no store read; 503 otherwise)',
    auth: false,
    ok: [204, 'Answering'],
    errors: [503],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    auth: false,
    ok: [200, 'OpenAPI 3.1'],
    errors: [],
  },
];

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const parameters: unknown[] = [];
    for (const name of r.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
      parameters.push({
        name,
        in: 'path',
        required: true,
        schema: r.params?.[name]
          ? schemaOf(r.params[name], 'input')
          : name === 'id'
            ? schemaOf(Schemas.OrderId, 'input')
            : { type: 'string', maxLength: 64 },
      });
    }
    for (const [name, s] of Object.entries(r.query?.shape ?? {})) {
      parameters.push({ name, in: 'query', required: false, schema: schemaOf(s as z.ZodType, 'input') });
    }
    if (r.ifMatch) {
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'Act only at this version ("7"), else 412; `*` pins nothing',
        schema: { type: 'string' },
      });
    }
    const [status, description, schema, headers] = r.ok;
    const responses: Record<string, unknown> = {
      [status]: {
        description,
        ...(schema ? { content: { 'application/json': { schema: schemaOf(schema, 'output') } } } : {}),
        ...(headers
          ? {
              headers: Object.fromEntries(
                Object.entries(headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }]),
              ),
            }
          : {}),
      },
    };
    if (r.path.startsWith('/api/orders') && r.method !== 'get') {
      responses[202] = {
        description: 'consistency=strong: done, but the read model did not show it within 5 s',
        content: { 'application/json': { schema: schemaOf(Schemas.Version, 'output') } },
      };
    }
    for (const e of r.errors) {
      responses[e] = {
        description: ERRORS[e],
        content: {
          'application/json': {
            schema: schemaOf(
              e === 409 && !r.path.startsWith('/api/admin')
                ? Schemas.Conflict
                : e === 422
                  ? Schemas.RuleError
                  : e === 503
                    ? Schemas.Health
                    : Schemas.Error,
              'output',
            ),
          },
        },
      };
    }
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.summary,
      ...(r.auth ? { security: [{ session: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: !r.bodyOptional,
              content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Orderly',
      version: '0.1.0',
      description:
        'Orders on event sourcing + CQRS. Money is integer cents; times are ISO-8601 UTC; every error is `{ "error": "…" }`.',
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'orderly_session' } } },
    paths,
  };
}
