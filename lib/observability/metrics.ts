// Prometheus metrics (prom-client) of one node: HTTP requests, commands, the event store's appends, the projector,
// rebuilds, sockets and pushes, errors, and Node's process metrics. Every series carries the node's id (`node`).
// Labels are bounded sets only (routes as patterns, command and event types, outcomes): never an order id or a user.
// One instance per process, created by the composition root and reached through the runtime (Next's bundled modules
// see the same object), so the parts record into it through the small observer interfaces they declare.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** How a command ended, in the words of the metrics (`invalid`: refused at the edge before it reached a handler). */
export type CommandOutcome = 'ok' | 'rule' | 'conflict' | 'not_found' | 'invalid' | 'error';

/** One projection's distance from the head of the log, as sampled at a scrape. */
export interface ProjectionLagSample {
  name: string;
  /** Events recorded but not yet applied. */
  behind: number;
  /** ms since the oldest event not yet applied was recorded (0 when caught up). */
  oldestPendingMs: number;
}

/** One process manager as sampled at a scrape (see processes/status.ts). */
export interface ProcessLagSample {
  name: string;
  /** Some node runs it (holds its lease). */
  running: boolean;
  /** Events recorded after its checkpoint. */
  behind: number;
}

/** What the gauges read when Prometheus scrapes (each is optional; absent means the gauge has no series). */
export interface MetricsSources {
  projections?: () => Promise<ProjectionLagSample[]>;
  processes?: () => Promise<ProcessLagSample[]>;
  sockets?: () => number;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FAST_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commandDuration: Histogram<'command' | 'outcome'>;
  readonly conflictRetries: Counter<'command'>;
  readonly eventsAppended: Counter<'type'>;
  readonly appendDuration: Histogram<never>;
  readonly projectorBatchSize: Histogram<never>;
  readonly projectorBatchDuration: Histogram<never>;
  readonly projectionBehind: Gauge<'projection'>;
  readonly projectionOldestUnappliedAge: Gauge<'projection'>;
  readonly rebuildProgress: Gauge<never>;
  readonly rebuildEvents: Counter<never>;
  readonly socketsConnected: Gauge<never>;
  readonly pushes: Counter<'event'>;
  readonly eventStoreErrors: Counter<'operation'>;
  readonly readModelErrors: Counter<'projection'>;
  readonly signInsRefused: Counter<'reason'>;
  readonly processEventDuration: Histogram<'process' | 'type'>;
  readonly processBehind: Gauge<'process'>;
  readonly processRunning: Gauge<'process'>;
  private sources: MetricsSources = {};

  /** `nodeId` labels every series; `version` is the app's (package.json), exposed in `orderly_build_info`. */
  constructor({ nodeId, version }: { nodeId: string; version: string }) {
    const registers = [this.registry];
    // Both gauges of a kind read one sample per scrape (one look at the log's head); a failure counts as a store error
    // in the same scrape (the error counter waits for the samples).
    const storeError = () => this.eventStoreErrors.inc({ operation: 'read' });
    const lag = new ScrapeSample(() => this.sources.projections, storeError);
    const processes = new ScrapeSample(() => this.sources.processes, storeError);
    this.registry.setDefaultLabels({ node: nodeId });
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'orderly_build_info',
      help: 'Always 1: the version this node runs, as labels',
      labelNames: ['version', 'nodejs'],
      registers,
    }).set({ version, nodejs: process.versions.node }, 1);
    this.httpRequestDuration = new Histogram({
      name: 'orderly_http_request_duration_seconds',
      help: 'HTTP requests and server actions, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    });
    this.commandDuration = new Histogram({
      name: 'orderly_command_duration_seconds',
      help: 'Commands from receipt to outcome (load, decide, append, retries), by command type and outcome',
      labelNames: ['command', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.conflictRetries = new Counter({
      name: 'orderly_command_conflict_retries_total',
      help: 'Commands loaded and decided again after an expected-version conflict',
      labelNames: ['command'],
      registers,
    });
    this.eventsAppended = new Counter({
      name: 'orderly_events_appended_total',
      help: 'Events appended to the store of record by this node, by event type',
      labelNames: ['type'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'orderly_event_store_append_duration_seconds',
      help: "Appends to the store of record (one command's events, atomically)",
      buckets: FAST_SECONDS,
      registers,
    });
    this.projectorBatchSize = new Histogram({
      name: 'orderly_projector_batch_events',
      help: 'Events per projector batch (one transaction of every projection)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
      registers,
    });
    this.projectorBatchDuration = new Histogram({
      name: 'orderly_projector_batch_duration_seconds',
      help: 'Projector batches from receipt to commit',
      buckets: FAST_SECONDS,
      registers,
    });
    this.projectionBehind = scrapedGauge(
      registers,
      'orderly_projection_behind_events',
      "Events in the log not yet applied by the projection (head minus the projection's checkpoint)",
      'projection',
      lag,
      (p) => p.behind,
    );
    this.projectionOldestUnappliedAge = scrapedGauge(
      registers,
      'orderly_projection_oldest_unapplied_age_seconds',
      'Age of the oldest event the projection has not applied yet (0 when caught up)',
      'projection',
      lag,
      (p) => p.oldestPendingMs / 1000,
    );
    this.rebuildProgress = new Gauge({
      name: 'orderly_rebuild_progress_ratio',
      help: 'Progress of the current or last rebuild started on this node (0 to 1; 1 when done)',
      registers,
    });
    this.rebuildEvents = new Counter({
      name: 'orderly_rebuild_events_total',
      help: 'Events replayed by rebuilds started on this node',
      registers,
    });
    const sockets = () => this.sources.sockets?.();
    // Registered once a node says it has sockets (setSources): a standalone projector exports no such series.
    this.socketsConnected = new Gauge({
      name: 'orderly_sockets_connected',
      help: "Browsers' sockets connected to this node",
      registers: [],
      collect() {
        const n = sockets();
        if (n !== undefined) this.set(n);
      },
    });
    this.pushes = new Counter({
      name: 'orderly_socket_pushes_total',
      help: 'Pushes sent to browsers by this node (one per changed order and event name), by event name',
      labelNames: ['event'],
      registers,
    });
    this.eventStoreErrors = new Counter({
      name: 'orderly_event_store_errors_total',
      help: 'Failures of the store of record (unreachable, timed out, refused), by operation',
      labelNames: ['operation'],
      registers,
      // A scrape whose samples fail counts that failure in its own answer, not in the next one.
      async collect() {
        await Promise.all([lag.get(), processes.get()]);
      },
    });
    this.readModelErrors = new Counter({
      name: 'orderly_read_model_errors_total',
      help: 'Failures writing the read model (a projection stopped, a batch rolled back), by projection',
      labelNames: ['projection'],
      registers,
    });
    this.processEventDuration = new Histogram({
      name: 'orderly_process_event_duration_seconds',
      help: 'Order events handled by a process manager (reservations), from reading to the last command answered',
      labelNames: ['process', 'type'],
      buckets: SECONDS,
      registers,
    });
    this.processBehind = scrapedGauge(
      registers,
      'orderly_process_behind_events',
      "Events in the log after the process manager's checkpoint (read from the store of record: any node says)",
      'process',
      processes,
      (p) => p.behind,
    );
    this.processRunning = scrapedGauge(
      registers,
      'orderly_process_running',
      '1 when some node runs the process manager (holds its lease), 0 when none does',
      'process',
      processes,
      (p) => (p.running ? 1 : 0),
    );
    this.signInsRefused = new Counter({
      name: 'orderly_sign_ins_refused_total',
      help: 'Sign-ins refused, by reason (wrong: unknown user or wrong password; throttled)',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Where the scrape-time gauges read from (set once the parts exist; later calls add to earlier ones). */
  setSources(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
    if (sources.sockets && !this.registry.getSingleMetric('orderly_sockets_connected')) {
      this.registry.registerMetric(this.socketsConnected);
    }
  }

  /** Prometheus's text format of every family. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Records an HTTP request or server action (`route` a pattern such as `/orders/[id]`, never a concrete path). */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const m = HTTP_METHODS.has(method) ? method : 'other';
    this.httpRequestDuration.observe({ method: m, route, status: String(status) }, seconds);
  }
}

/**
 * A gauge set at each scrape from `sample` (shapes with a `name`): one series per item, labelled `label` = its name,
 * valued `value(item)`; reset first, so an empty sample (the store did not answer) leaves no stale series.
 */
function scrapedGauge<T extends { name: string }, L extends string>(
  registers: Registry[],
  name: string,
  help: string,
  label: L,
  sample: ScrapeSample<T>,
  value: (item: T) => number,
): Gauge<L> {
  return new Gauge({
    name,
    help,
    labelNames: [label],
    registers,
    async collect() {
      const items = await sample.get();
      this.reset();
      for (const item of items) this.set({ [label]: item.name } as Partial<Record<L, string>>, value(item));
    },
  });
}

/**
 * The answer of a scrape-time source, shared by the gauges of one scrape. A store out of reach must not hold the
 * scrape: after 2 s, or on a failure, the answer is [] (no series this time) and `onError` runs. No source: [].
 */
class ScrapeSample<T> {
  private inFlight: Promise<T[]> | null = null;

  constructor(
    private readonly source: () => (() => Promise<T[]>) | undefined,
    private readonly onError: () => void,
  ) {}

  get(): Promise<T[]> {
    const source = this.source();
    if (!source) return Promise.resolve([]);
    if (!this.inFlight) {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000).unref());
      const sample = Promise.race([source(), timeout]).catch(() => {
        this.onError();
        return [] as T[];
      });
      this.inFlight = sample;
      void sample.finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }
}
