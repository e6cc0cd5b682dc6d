// One trace from a command's HTTP request to its push, across the projector: the request's span (the same observer
// the custom server uses), the command's load/decide/append, the projector applying its event (it knows the trace
// only from the event's metadata, as a projector in another process would), and the push to the sockets.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDb, openAppDb } from '../../db/client';
import type { RedisEventStore } from '../eventstore/redis';
import { openRedisStoreForTest, type TestStore } from '../eventstore/testing';
import { announce, type LiveServer } from '../live/server';
import { orderStream } from '../orders/events';
import { ann } from '../orders/testing';
import type { Projector } from '../read/projector';
import { silentLog, startProjector } from '../read/testing';
import { handleOrderCommand, type OrderWriteDeps } from '../write/order-commands';
import { listedCatalog } from '../write/testing';
import { requestObserver } from './http';
import { Metrics } from './metrics';
import { commandObserver } from './observers';
import { startTracing } from './tracing';

describe('a traced command', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: ReturnType<typeof startTracing>;
  let t: TestStore<RedisEventStore>;
  let db: AppDb;
  let dir: string;
  let projector: Projector;
  let io: LiveServer;
  let http: ReturnType<typeof createServer>;
  let url: string;

  beforeAll(async () => {
    tracing = startTracing({ nodeId: 'test-node', version: 'test' }, [new SimpleSpanProcessor(exporter)]);
    t = await openRedisStoreForTest();
    const metrics = new Metrics({ nodeId: 'test-node', version: 'test' });
    const deps: OrderWriteDeps = {
      store: t.store,
      products: await listedCatalog(t.store),
      snapshotEvery: 0,
      observer: commandObserver(metrics, silentLog),
    };
    dir = mkdtempSync(join(tmpdir(), 'orderly-trace-'));
    db = openAppDb(join(dir, 'app.sqlite'));
    io = new Server();
    projector = startProjector(db, t.store, { notifier: { announce: (changes) => announce(io, changes) } });
    const observe = requestObserver({ log: silentLog, metrics, routeOf: () => '/api/orders' });
    http = createServer((req, res) =>
      observe(req, res, async () => {
        const result = await handleOrderCommand(
          deps,
          {
            type: 'CreateOrder',
            data: { orderId: String(req.headers['x-order-id']), items: [{ productId: 'mug', quantity: 1 }] },
          },
          { commandId: randomUUID(), actor: ann },
        );
        res.writeHead(result.ok ? 201 : 422).end();
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await projector?.stop();
    http?.close();
    db?.$client.close();
    await t?.destroy();
    await tracing?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one trace from the HTTP request through load, decide and append to the projector and the push', async () => {
    const orderId = randomUUID();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'x-order-id': orderId, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(201);

    // The push is the last span of the trace: wait for it.
    const ofTrace = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    await expect.poll(() => ofTrace().some((s) => s.name === 'push order:updated'), { timeout: 15_000 }).toBe(true);
    const spans = ofTrace();
    const named = (name: string) => {
      const found = spans.filter((s) => s.name === name);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const request = named('POST /api/orders');
    const command = named('command CreateOrder');
    const project = named('project OrderCreated');
    const push = named('push order:updated');
    // The caller's traceparent is continued; each step is a child of the one that caused it.
    expect(parentOf(request)).toBe('00f067aa0ba902b7');
    expect(parentOf(command)).toBe(request.spanContext().spanId);
    for (const step of ['load', 'decide', 'append']) expect(parentOf(named(step))).toBe(command.spanContext().spanId);
    expect(parentOf(project)).toBe(command.spanContext().spanId);
    expect(parentOf(push)).toBe(project.spanContext().spanId);

    // The event carries the command's trace context; correlation and causation are attributes of both sides.
    const [event] = await t.store.readStream(orderStream(orderId));
    expect(event!.metadata.traceparent).toBe(`00-${traceId}-${command.spanContext().spanId}-01`);
    expect(command.attributes['orderly.correlation_id']).toBe(event!.metadata.correlationId);
    expect(command.attributes['orderly.causation_id']).toBe(event!.metadata.causationId);
    expect(project.attributes['orderly.correlation_id']).toBe(event!.metadata.correlationId);
    expect(project.attributes['orderly.causation_id']).toBe(event!.metadata.causationId);
    expect(request.attributes['http.response.status_code']).toBe(201);
    expect(request.attributes['orderly.correlation_id']).toBe(event!.metadata.correlationId);

    // The projector's batch is a span of its own, linked to the command it applied.
    const batch = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'projector batch' && s.links.some((l) => l.context.traceId === traceId));
    expect(batch).toBeDefined();
    expect(project.links.map((l) => l.context.spanId)).toEqual([batch!.spanContext().spanId]);
  });
});
