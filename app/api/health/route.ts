import { health } from '../../../lib/read/admin';
import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';

/** 200 when ready; 503 while the read model catches up after start, so a load balancer sends this node nothing. */
export const GET = route(async () => {
  const h = await health();
  return json(h.status === 'ok' ? 200 : 503, h);
});
