// For pages and server actions: whether a failure means the store of record is out of reach for now (answer "try
// again in a moment"), without reaching into the event store themselves.
export { isStoreUnavailable } from '../eventstore/errors';
