import { route } from '../../../lib/web/api';

/**
 * 204 and nothing else: this server answers. No store read, so a page may ask before every refresh that must not
 * fail (see useGuardedRefresh); readiness and what is down are /api/health's.
 */
export const GET = route(async () => new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }));
