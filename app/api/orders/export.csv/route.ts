// GET /api/orders/export.csv: the orders list as CSV, every page of it, streamed (any size, little memory): a
// customer's own orders, or for staff everyone's, optionally one customer's (`customer`, a username), with the list's
// filters (`status`, `from` and `to` as UTC days of creation).
import { BadCursorError, customerIdByName, orders } from '../../../../lib/read/orders';
import { requireActor, route } from '../../../../lib/web/api';
import { csvLine } from '../../../../lib/web/csv';
import { dayStart } from '../../../../lib/web/day';
import { HttpError, parse, queryOf } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';

const HEADER = ['number', 'id', 'customer', 'status', 'items', 'total_usd', 'created_at', 'updated_at'];

export const GET = route(async (request) => {
  const actor = await requireActor(request);
  const q = parse(Schemas.ExportQuery, queryOf(request), 'query');
  // A customer exports their own orders; only staff choose whose.
  const customerId = q.customer && actor.staff ? await customerIdByName(actor, q.customer) : undefined;
  const filter = {
    status: q.status,
    customerId: customerId ?? undefined,
    createdFrom: dayStart(q.from),
    createdTo: dayStart(q.to, true),
  };
  if (customerId === null) throw new HttpError(404, `no customer is called "${q.customer}"`);
  let cursor: string | undefined;
  let started = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    // One page of 100 orders per pull: the stream reads the next page only when the client has taken the last.
    pull(controller) {
      let text = started ? '' : csvLine(HEADER);
      started = true;
      let page: ReturnType<typeof orders>;
      try {
        page = orders(actor, { ...filter, cursor, limit: 100 });
      } catch (error) {
        controller.error(error instanceof BadCursorError ? new Error('the list changed shape while exporting') : error);
        return;
      }
      for (const o of page.orders) {
        text += csvLine([
          o.number,
          o.id,
          o.customerName ?? o.customerId,
          o.status,
          o.itemCount,
          (o.totalCents / 100).toFixed(2),
          o.createdAt,
          o.updatedAt,
        ]);
      }
      controller.enqueue(encoder.encode(text));
      if (page.nextCursor) cursor = page.nextCursor;
      else controller.close();
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="orders-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
