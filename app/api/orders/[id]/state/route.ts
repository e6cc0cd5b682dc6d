import { orderStateAt } from '../../../../../lib/read/orders';
import { NOT_FOUND, requireActor, route } from '../../../../../lib/web/api';
import { HttpError, json, parse, queryOf } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { toState } from '../../../../../lib/web/views';

type Ctx = { params: Promise<{ id: string }> };

/** The order as it was at a version or a moment, folded from the event store. */
export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const q = parse(Schemas.StateQuery, queryOf(request), 'query');
  const then = await orderStateAt(
    actor,
    orderId,
    q.version !== undefined ? { version: q.version } : { at: new Date(q.at!) },
  );
  switch (then.kind) {
    case 'not_found':
      throw new HttpError(404, NOT_FOUND);
    case 'after_now':
      throw new HttpError(
        400,
        `version ${q.version} does not exist yet: the order is at version ${then.currentVersion}`,
      );
    case 'before_creation':
      throw new HttpError(400, `the order did not exist yet at ${q.at}: it was created at ${then.createdAt}`);
    case 'ok':
      return json(200, toState(then.state.state));
  }
});
