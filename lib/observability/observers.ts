// The observers the parts declare (command handler, projector, socket pushes, sign-ins), implemented over this
// node's metrics and logger. The parts know nothing of Prometheus or pino: they call these.
import type { AccountsDeps } from '../accounts/accounts';
import { isStoreUnavailable } from '../eventstore/errors';
import type { Logger } from '../log';
import type { ProjectorObserver } from '../read/projector';
import type { CommandObserver } from '../write/handler';
import { noteRequest } from './context';
import type { Metrics } from './metrics';

/**
 * Commands: duration by type and outcome, conflict retries, appended events by type, append duration; the request
 * being served learns the command's correlation id (every later log line of the request names it) and outcome.
 * A command that threw is logged with its correlation id; one line per command at debug.
 */
export function commandObserver(metrics: Metrics, log: Logger): CommandObserver {
  return {
    started({ command, correlationId }) {
      noteRequest({ command, correlationId });
    },
    handled({ command, outcome, seconds, retries, error }) {
      metrics.commandDuration.observe({ command, outcome }, seconds);
      if (retries > 0) metrics.conflictRetries.inc({ command }, retries);
      noteRequest({ outcome });
      if (error !== undefined && isStoreUnavailable(error)) metrics.eventStoreErrors.inc({ operation: 'command' });
      log.debug({ command, outcome, ms: Math.round(seconds * 1000), retries }, 'command handled');
    },
    appended(types, seconds) {
      metrics.appendDuration.observe(seconds);
      for (const type of types) metrics.eventsAppended.inc({ type });
    },
  };
}

/** The projector: batch sizes and durations, failed projections. */
export function projectorObserver(metrics: Metrics): ProjectorObserver {
  return {
    batch(events, seconds) {
      metrics.projectorBatchSize.observe(events);
      metrics.projectorBatchDuration.observe(seconds);
    },
    failed(projection) {
      metrics.readModelErrors.inc({ projection });
    },
    rebuilt(events) {
      metrics.rebuildEvents.inc(events);
      metrics.rebuildProgress.set(1);
    },
  };
}

/** Pushes sent to browsers, by event name. */
export const pushObserver = (metrics: Metrics) => ({
  pushed(event: string, count: number) {
    metrics.pushes.inc({ event }, count);
  },
});

/** Refused sign-ins: one log line each (username and address, never the password) and a counter by reason. */
export function signInObserver(metrics: Metrics, log: Logger): NonNullable<AccountsDeps['onSignInRefused']> {
  return ({ username, address, reason }) => {
    metrics.signInsRefused.inc({ reason });
    log.info({ username, address, reason }, 'sign-in refused');
  };
}
