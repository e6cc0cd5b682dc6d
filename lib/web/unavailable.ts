// For pages and server actions: whether the store of record is out of reach for now (answer "try again in a
// moment"), without reaching into the event store or the runtime themselves.
import { runtime } from '../runtime';

export { isStoreUnavailable } from '../eventstore/errors';

/**
 * Whether this node knows its store of record is out of reach (its own flag, from its pings: no store read). Takes
 * nothing; never throws once the app runs.
 */
export const storeOutOfReach = (): boolean => !runtime().storeReachable();
