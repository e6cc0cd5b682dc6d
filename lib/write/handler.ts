// Command handling, the only I/O of the write side: parse → (already handled?) → load → decide → append with the
// loaded version, retrying on a conflict unless the caller pinned a version → snapshot when due.
import { randomUUID } from 'node:crypto';
import { isDuplicateEvent, isWrongExpectedVersion } from '../eventstore/errors';
import type { EventStore, JsonObject, JsonValue } from '../eventstore/types';
import { OrderForbidden, OrderNotFound, OrderRuleViolation, type RuleCode } from '../orders/errors';
import { orderIdOfStream, orderStream } from '../orders/events';
import { decide, fold, type OrderCommand, type Product } from '../orders/order';
import { schemaVersionFor, upcast } from '../orders/upcast';
import { CommandEnvelopeSchema, type ParsedEnvelope } from './commands';
import { commandEventId, commandFingerprint } from './ids';
import { type LoadedOrder, loadOrder, ORDER_STATE_SCHEMA_VERSION } from './load';

export type FailureCode = 'invalid' | 'rule' | 'conflict' | 'not_found' | 'forbidden';

export type CommandResult =
  | {
      ok: true;
      orderId: string;
      streamId: string;
      /** The order's version after the command. */
      version: number;
      /** Global position of the command's last event; null when the command changed nothing. */
      position: number | null;
    }
  | {
      ok: false;
      code: FailureCode;
      message: string;
      /** The broken rule, for `rule`. */
      rule?: RuleCode | 'CommandIdReused';
      /** The order's version now, for `conflict`. */
      currentVersion?: number;
      /** What was wrong with the input, for `invalid`. */
      issues?: { path: string; message: string }[];
    };

export interface WriteDeps {
  store: EventStore;
  /** The catalog entries for these product ids, as they are now. */
  products(ids: string[]): Map<string, Product> | Promise<Map<string, Product>>;
  /** Take a snapshot when the version has moved this far past the last one (default 50; 0 = never). */
  snapshotEvery?: number;
  /** Told when a snapshot could not be written (the command still succeeded). */
  onSnapshotError?(error: unknown, streamId: string): void;
}

/** Reloads and decides again this many times after a conflict, when the caller did not pin a version. */
export const CONFLICT_RETRIES = 3;

export async function handleOrderCommand(deps: WriteDeps, input: unknown): Promise<CommandResult> {
  const parsed = CommandEnvelopeSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return {
      ok: false,
      code: 'invalid',
      message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
      issues,
    };
  }
  const envelope = parsed.data;
  const { command, actor, commandId } = envelope;
  const orderId = command.data.orderId;
  const streamId = orderStream(orderId);
  const fingerprint = commandFingerprint(command);
  const eventId = (i: number) => commandEventId(actor.id, commandId, i);

  const previous = await previousResult(deps.store, eventId(0), streamId, fingerprint);
  if (previous) return previous;

  const metadata = eventMetadata(envelope, fingerprint);
  let loaded: LoadedOrder | undefined;
  for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
    loaded = await loadOrder(deps.store, orderId);
    if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== loaded.version) {
      return conflict(orderId, envelope.expectedVersion, loaded.version);
    }
    const products = await deps.products(productIdsOf(command));
    let events: ReturnType<typeof decide>;
    try {
      events = decide(command, loaded.state, { actor, products });
    } catch (error) {
      return refusal(error);
    }
    if (events.length === 0) return { ok: true, orderId, streamId, version: loaded.version, position: null };
    try {
      const result = await deps.store.append(
        streamId,
        events.map((e, i) => ({
          type: e.type,
          data: e.data,
          eventId: eventId(i),
          metadata: { ...metadata, schemaVersion: schemaVersionFor(e) },
        })),
        { expectedVersion: loaded.version },
      );
      await snapshotIfDue(deps, orderId, loaded, result.version);
      return { ok: true, orderId, streamId, version: result.version, position: result.positions.at(-1)! };
    } catch (error) {
      if (isDuplicateEvent(error)) {
        // The same command, handled at the same time elsewhere, got there first.
        const first = await previousResult(deps.store, eventId(0), streamId, fingerprint);
        if (first) return first;
      }
      if (!isWrongExpectedVersion(error)) throw error;
      if (envelope.expectedVersion !== undefined) return conflict(orderId, envelope.expectedVersion, error.actual);
    }
  }
  return {
    ok: false,
    code: 'conflict',
    message: `order ${orderId} kept changing while this command was handled; try again`,
    currentVersion: await deps.store.streamVersion(streamId),
  };
}

/** The first result of this command when it was handled before; a refusal when its id was used for another one. */
async function previousResult(
  store: EventStore,
  firstEventId: string,
  streamId: string,
  fingerprint: string,
): Promise<CommandResult | null> {
  const first = await store.readEvent(firstEventId);
  if (!first) return null;
  if (first.streamId !== streamId || first.metadata.commandHash !== fingerprint) {
    return {
      ok: false,
      code: 'rule',
      rule: 'CommandIdReused',
      message: `commandId ${String(first.metadata.commandId)} was already used for a different command`,
    };
  }
  const ofCommand = (await store.readStream(streamId, { fromVersion: first.version, limit: 100 })).filter(
    (e) => e.metadata.commandHash === fingerprint && e.metadata.commandId === first.metadata.commandId,
  );
  const last = ofCommand.at(-1) ?? first;
  return {
    ok: true,
    orderId: orderIdOfStream(streamId),
    streamId,
    version: last.version,
    position: last.position,
  };
}

function eventMetadata(envelope: ParsedEnvelope, fingerprint: string): JsonObject {
  return {
    ...envelope.metadata,
    actor: envelope.actor.id,
    actorRole: envelope.actor.staff ? 'staff' : 'customer',
    commandId: envelope.commandId,
    commandType: envelope.command.type,
    commandHash: fingerprint,
    correlationId: envelope.correlationId ?? randomUUID(),
    causationId: envelope.causationId ?? envelope.commandId,
  };
}

async function snapshotIfDue(deps: WriteDeps, orderId: string, loaded: LoadedOrder, newVersion: number): Promise<void> {
  const every = deps.snapshotEvery ?? 50;
  if (every <= 0 || newVersion - loaded.snapshotVersion < every) return;
  const streamId = orderStream(orderId);
  try {
    // The new events' recordedAt comes from the store: read them back to fold the exact state.
    const fresh = await deps.store.readStream(streamId, { fromVersion: loaded.version + 1, toVersion: newVersion });
    const last = fresh.at(-1);
    if (last?.version !== newVersion) return;
    await deps.store.saveSnapshot({
      streamId,
      version: newVersion,
      schemaVersion: ORDER_STATE_SCHEMA_VERSION,
      state: fold(fresh.map(upcast), loaded.state) as JsonValue,
      at: last.recordedAt,
    });
  } catch (error) {
    deps.onSnapshotError?.(error, streamId);
  }
}

function productIdsOf(command: OrderCommand): string[] {
  switch (command.type) {
    case 'CreateOrder':
      return command.data.items.map((i) => i.productId);
    case 'AddItem':
      return [command.data.productId];
    default:
      return [];
  }
}

function conflict(orderId: string, expected: number, actual: number): CommandResult {
  return {
    ok: false,
    code: 'conflict',
    message: `order ${orderId} is at version ${actual}, not ${expected}: it changed in between`,
    currentVersion: actual,
  };
}

function refusal(error: unknown): CommandResult {
  if (error instanceof OrderRuleViolation) return { ok: false, code: 'rule', rule: error.code, message: error.message };
  if (error instanceof OrderNotFound) return { ok: false, code: 'not_found', message: error.message };
  if (error instanceof OrderForbidden) return { ok: false, code: 'forbidden', message: error.message };
  throw error;
}
