// The read side's data-access layer for orders: what pages, route handlers and server actions call to show orders.
// Each function takes the viewer and answers only with what that viewer may see; an order they may not see is
// answered exactly like one that does not exist (null, or `not_found`).
import 'server-only';
import type { Actor } from '../domain';
import { diffOrders, type OrderDiff } from '../orders/diff';
import type { Line, OrderStatus, UnavailableLine } from '../orders/events';
import { orderStream } from '../orders/events';
import { initialOrder, orderStreamFolder } from '../orders/order';
import { runtime } from '../runtime';
import { commandEventId } from '../write/ids';
import { productsOnSale, type StockedProduct } from './catalog';
import { readCheckpoint } from './checkpoints';
import { loadOrderAt, loadVisibleOrder, orderEventPage } from './history';
import { describeEvent } from './projections/activity/describe';
import {
  type ActivityEntry,
  activityAt,
  historySnapshot,
  orderActivityRows,
  TIMELINE_PAGE,
} from './projections/activity/queries';
import { savedOrderState } from './projections/order-state/fold';
import {
  customerStats,
  getOrder,
  type ListOptions,
  listOrders,
  type OrderSummary,
  type OrderView,
  orderIdByNumber,
  spendingSince,
  waitForVersion,
} from './projections/orders/queries';
import { type StockMovement, stockMovementsOf } from './projections/stock/queries';

export type { ActivityEntry } from './projections/activity/queries';
export { BadCursorError, type OrderItem, type OrderSummary, type OrderView } from './projections/orders/queries';

/** One order as the read model shows it (summary and lines), or null when the viewer may not see it. */
export function order(viewer: Actor, orderId: string): OrderView | null {
  return getOrder(runtime().db, orderId, viewer);
}

/**
 * A page of the viewer's orders (staff: everyone's, or one customer's), newest first. Throws BadCursorError for a
 * cursor this server did not give out, RangeError for a limit outside 1-100.
 */
export function orders(viewer: Actor, options: ListOptions = {}) {
  return listOrders(runtime().db, viewer, options);
}

/**
 * The id of the order with this number ("1234" or "#1234", as pages show it), when the viewer may see it; else null.
 */
export function orderByNumber(viewer: Actor, text: string): string | null {
  const m = /^#?(\d{1,15})$/.exec(text.trim());
  return m ? orderIdByNumber(runtime().db, Number(m[1]), viewer) : null;
}

/**
 * Staff only: the id of the customer with this username (as people type it: trimmed, any case), for the orders
 * filter; null when there is no such user or the viewer is not staff.
 */
export async function customerIdByName(viewer: Actor, username: string): Promise<string | null> {
  const name = username.trim().toLowerCase();
  if (!viewer.staff || name.length === 0 || name.length > 32) return null;
  return (await runtime().accounts.store.userByName(name))?.id ?? null;
}

/**
 * How fresh a list of orders is as rendered now, to compare with announcements: the viewer's own sequence (their
 * order events applied), or for staff (who see every order) the position the read model reached.
 */
export function freshnessMark(viewer: Actor): { customerSeq: number } | { position: number } {
  const { db } = runtime();
  return viewer.staff
    ? { position: readCheckpoint(db, 'orders') }
    : { customerSeq: customerStats(db, viewer.id).events };
}

/**
 * The viewer's own figures: counts, lifetime value, and the orders now submitted in the last 12 months (their
 * submission time and total), which the page groups into the reader's months.
 */
export function figures(viewer: Actor) {
  const { db } = runtime();
  const now = new Date();
  // From the first of the month 12 months back, a day early: the reader's month may be UTC's next or last one, and
  // starts up to 14 hours sooner; the page keeps the reader's 12 months, each whole, and leaves out the rest.
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1) - 86_400_000).toISOString();
  return { stats: customerStats(db, viewer.id), spending: spendingSince(db, viewer.id, since) };
}

/** What an order page shows: lines and total as the read model has them, or as they were at a version. */
export interface Shown {
  status: OrderStatus;
  lines: Line[];
  totalCents: number;
  version: number;
}

/** Which page of the timeline an order page shows: newest first, `entries` of them, and where the others are. */
export interface TimelinePage {
  entries: ActivityEntry[];
  /** The `before` of the next older page, null at the first event. */
  older: number | null;
  /** The `before` of the next newer page (null: none newer); `before` = current version + 1 is the newest page. */
  newer: number | null;
  /** The `before` of the page that starts at the first event (null when this is it). */
  oldest: number | null;
}

export type OrderPage =
  | { kind: 'not_found' }
  /** Saved in the event store, not yet in the read model. */
  | { kind: 'catching_up'; savedVersion: number }
  | {
      kind: 'order';
      summary: OrderSummary;
      /** One page of the order's events, newest first. */
      timeline: TimelinePage;
      shown: Shown;
      /** The version shown when it is history (older than the read model's), else null. */
      historyVersion: number | null;
      /** When the history version was recorded (ISO-8601 UTC), when it is shown. */
      historyAt: string | null;
      /**
       * With a history version: what it changed against the version before it, and the event that made the change
       * (from the timeline; null while the read model has no entry for it).
       */
      change: { diff: OrderDiff; event: ActivityEntry | null } | null;
      /** The catalog on sale with its stock, when the order can be changed here (a draft shown as it is now). */
      products: StockedProduct[] | null;
      /** A rejected order (shown as it is now): the lines that could not be reserved, with what was available. */
      unavailable: UnavailableLine[] | null;
      /** The stock movements of the order (Inventory's events), by the id of the order event that caused them. */
      stockCausedBy: Map<string, StockMovement[]>;
    };

/** A whole number in range, or undefined. */
const intIn = (v: number | undefined, min: number, max: number) =>
  v !== undefined && Number.isInteger(v) && v >= min && v <= max ? v : undefined;

/**
 * Everything the order page renders for `viewer`: the read model's order, or at `version` (1 ≤ version < current)
 * the order folded from the event store as it was then (from the nearest history snapshot). The timeline page ends
 * before version `before` (default: the newest page, or the page around the version shown). Another `version` shows
 * the current order; another `before`, the default page.
 */
export async function orderPage(
  viewer: Actor,
  orderId: string,
  { version, before }: { version?: number; before?: number } = {},
) {
  const { db, store } = runtime();
  const view = getOrder(db, orderId, viewer);
  if (!view) {
    // Not in the read model: unknown (or not theirs), or saved a moment ago and not projected yet.
    const saved = await loadVisibleOrder(store, orderId, viewer);
    return (saved ? { kind: 'catching_up', savedVersion: saved.version } : { kind: 'not_found' }) satisfies OrderPage;
  }
  const { summary, items } = view;
  const current = summary.version;
  const historyVersion = intIn(version, 1, current - 1) ?? null;
  let shown: Shown = { status: summary.status, lines: items, totalCents: summary.totalCents, version: current };
  let change: { diff: OrderDiff; event: ActivityEntry | null } | null = null;
  if (historyVersion !== null) {
    const at = (version: number) =>
      loadOrderAt(store, orderId, { version }, { from: historySnapshot(db, orderId, { version }) });
    const [{ state }, { state: before }] = await Promise.all([
      at(historyVersion),
      historyVersion > 1 ? at(historyVersion - 1) : { state: initialOrder },
    ]);
    if (state.status === 'none') return { kind: 'not_found' } satisfies OrderPage;
    shown = { status: state.status, lines: state.lines, totalCents: state.totalCents, version: state.version };
    change = { diff: diffOrders(before, state), event: activityAt(db, orderId, historyVersion) ?? null };
  }
  const pageEnd =
    intIn(before, 2, current + 1) ??
    (historyVersion === null ? current + 1 : Math.min(current + 1, historyVersion + TIMELINE_PAGE / 2 + 1));
  const entries = orderActivityRows(db, orderId, { before: pageEnd, limit: TIMELINE_PAGE });
  const lowest = entries.at(-1)?.version ?? 1;
  const timeline: TimelinePage = {
    entries,
    older: lowest > 1 ? lowest : null,
    newer: pageEnd <= current ? Math.min(current + 1, pageEnd + TIMELINE_PAGE) : null,
    oldest: lowest > 1 ? TIMELINE_PAGE + 1 : null,
  };
  const editable = historyVersion === null && summary.status === 'draft';
  return {
    kind: 'order',
    summary,
    timeline,
    shown,
    historyVersion,
    historyAt: change?.event?.recordedAt ?? null,
    change,
    products: editable ? productsOnSale() : null,
    unavailable: historyVersion === null && summary.status === 'rejected' ? rejectedLines(db, orderId) : null,
    stockCausedBy: groupBy(stockMovementsOf(db, orderId), (m) => m.causationId ?? ''),
  } satisfies OrderPage;
}

/**
 * A page of the order's events as recorded (see orderEventPage: newest first by default, or from the start); null
 * when the viewer may not see the order.
 */
export async function orderHistory(
  viewer: Actor,
  orderId: string,
  page: { order: 'newest' | 'oldest'; limit: number; cursor?: number },
) {
  const { store } = runtime();
  const now = await loadVisibleOrder(store, orderId, viewer);
  return now && orderEventPage(store, orderId, now.version, page);
}

export type OrderStateAt =
  | { kind: 'not_found' }
  /** The version asked for does not exist yet. */
  | { kind: 'after_now'; currentVersion: number }
  /** The moment asked for lies before the order was created. */
  | { kind: 'before_creation'; createdAt: string }
  | { kind: 'ok'; state: Awaited<ReturnType<typeof loadVisibleOrder>> & object };

/** The order as it was at a version or a moment, folded from the event store, for a viewer who may see it. */
export async function orderStateAt(
  viewer: Actor,
  orderId: string,
  when: { version: number } | { at: Date },
): Promise<OrderStateAt> {
  const { store } = runtime();
  const now = await loadVisibleOrder(store, orderId, viewer);
  if (!now) return { kind: 'not_found' };
  if ('version' in when && when.version > now.version) return { kind: 'after_now', currentVersion: now.version };
  const then = await loadOrderAt(store, orderId, when, { from: historySnapshot(runtime().db, orderId, when) });
  if (then.state.status === 'none') return { kind: 'before_creation', createdAt: now.state.createdAt };
  return { kind: 'ok', state: { state: then.state, version: then.version } };
}

/** The order's version in the event store when the viewer may see it (a just-created order counts); else null. */
export async function savedVersion(viewer: Actor, orderId: string): Promise<number | null> {
  return (await loadVisibleOrder(runtime().store, orderId, viewer))?.version ?? null;
}

/** Whether the viewer may see the order, from the event store (so a just-created order counts). */
export async function maySeeOrder(viewer: Actor, orderId: string): Promise<boolean> {
  return (await loadVisibleOrder(runtime().store, orderId, viewer)) !== null;
}

/**
 * Read your own write: resolves true once the read model shows `version` of the order, false after `timeoutMs`
 * (the page or API then says it is catching up).
 */
export function untilProjected(orderId: string, version: number, timeoutMs: number): Promise<boolean> {
  const { db, notifier } = runtime();
  return waitForVersion(db, notifier, orderId, version, timeoutMs);
}

/** A change made to an order: its version, who made it and what it did, in the timeline's words. */
export interface OrderChange {
  version: number;
  /** The actor's name as recorded, or null when the event names none. */
  actor: string | null;
  /** Made by the viewer themself (from another tab or device). */
  byViewer: boolean;
  /** The command that made it, when the viewer made it (a page knows the ids it sent); else null. */
  commandId: string | null;
  summary: string;
}

/**
 * The changes made to the order after `afterVersion` (a version the viewer acted on), from the event store, oldest
 * first: the newest `limit` of them. [] when the viewer may not see the order or nothing came after that version.
 */
export async function changesSince(
  viewer: Actor,
  orderId: string,
  afterVersion: number,
  limit = 5,
): Promise<OrderChange[]> {
  const { store } = runtime();
  const now = await loadVisibleOrder(store, orderId, viewer);
  if (!now || afterVersion >= now.version) return [];
  const from = Math.max(afterVersion + 1, now.version - limit + 1);
  let { state } = await loadOrderAt(store, orderId, { version: from - 1 });
  const events = await store.readStream(orderStream(orderId), { fromVersion: from, toVersion: now.version });
  return events.map((raw) => {
    const event = orderStreamFolder.read(raw);
    const after = orderStreamFolder.evolve(state, event);
    const summary = describeEvent(event, state, after);
    state = after;
    const name = raw.metadata.actorName ?? raw.metadata.actor;
    return {
      version: raw.version,
      actor: typeof name === 'string' ? name : null,
      byViewer: raw.metadata.actor === viewer.id,
      commandId:
        raw.metadata.actor === viewer.id && typeof raw.metadata.commandId === 'string' ? raw.metadata.commandId : null,
      summary,
    };
  });
}

/**
 * Whether a command the viewer sent to this order was written, though its answer may have been lost: the version of
 * its first event (from the event store, by the event id the command's id names), or null when it wrote nothing to
 * this order (not arrived, refused, a no-op, or another order's). Throws only on store failures.
 */
export async function commandSavedAt(viewer: Actor, orderId: string, commandId: string): Promise<number | null> {
  const event = await runtime().store.readEvent(commandEventId(viewer.id, commandId, 0));
  return event && event.streamId === orderStream(orderId) ? event.version : null;
}

/** The lines a rejected order could not have reserved, from the read model's folded state ([] when unknown). */
function rejectedLines(db: Parameters<typeof savedOrderState>[0], orderId: string): UnavailableLine[] {
  const state = savedOrderState(db, orderId);
  return state?.status === 'rejected' ? state.unavailable : [];
}

const groupBy = <T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const x of xs) groups.set(key(x), [...(groups.get(key(x)) ?? []), x]);
  return groups;
};
