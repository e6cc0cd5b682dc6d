// The Prometheus endpoint, `GET /metrics`, as the web server and the standalone projector answer it.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

/**
 * Answers `GET /metrics` (or HEAD) in Prometheus's text format for `Authorization: Bearer <token>` only: anyone else
 * (and everyone when `token` is undefined) gets the 404 of a path that does not exist. Never throws for a request.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  token: string | undefined,
): Promise<void> {
  const given = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
  const ok =
    token !== undefined &&
    given !== undefined &&
    Buffer.byteLength(given) === Buffer.byteLength(token) &&
    timingSafeEqual(Buffer.from(given), Buffer.from(token));
  if (!ok || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'not found' }));
    return;
  }
  const { contentType, body } = await metrics.exposition();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
