import { route } from '../../../lib/web/api';

/**
 * 204 and nothing else: this server answers, and its store of record answered its last pings (503 otherwise, from
 * the route wrapper, by the node's own flag: no store read). A cheap check for a load balancer or a script;
 * readiness and what is down are /api/health's.
 */
export const GET = route(async () => new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }));
