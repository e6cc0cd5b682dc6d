import type { ExpectedVersion } from './types';

/** Base class: every refusal by the store is one of these, and none of them wrote anything. */
export class EventStoreError extends Error {
  override name = 'EventStoreError';
}

export class WrongExpectedVersionError extends EventStoreError {
  override name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream "${streamId}" is at version ${actual}, expected ${describeExpected(expected)}`);
  }
}

/** An eventId already stored somewhere else, or twice in one append. */
export class DuplicateEventError extends EventStoreError {
  override name = 'DuplicateEventError';
  constructor(
    readonly eventId: string,
    message: string,
  ) {
    super(message);
  }
}

/** An append or read whose arguments are malformed (bad stream id, non-JSON data, too large…). */
export class InvalidArgumentError extends EventStoreError {
  override name = 'InvalidArgumentError';
}

function describeExpected(expected: ExpectedVersion): string {
  if (typeof expected === 'number') return expected === 0 ? 'no stream (version 0)' : `version ${expected}`;
  return expected === 'no_stream' ? 'no stream' : expected === 'stream_exists' ? 'an existing stream' : 'any';
}

// The store may be created by one copy of this module and its errors caught by another (Next bundles its own
// copy of server modules), where `instanceof` fails: callers test errors with these guards instead.
const named =
  <E extends Error>(name: string) =>
  (error: unknown): error is E =>
    error instanceof Error && error.name === name;
export const isWrongExpectedVersion = named<WrongExpectedVersionError>('WrongExpectedVersionError');
export const isDuplicateEvent = named<DuplicateEventError>('DuplicateEventError');
export const isInvalidArgument = named<InvalidArgumentError>('InvalidArgumentError');

const UNREACHABLE = [
  /Stream isn't writeable/, // no connection now (ioredis without an offline queue)
  /Command timed out/, // no answer within the command timeout (a hung server, a link dropped unnoticed)
  /Connection is closed/,
  /max retries per request/i,
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTCONN)\b/,
];

/**
 * Whether `error` says the store of record cannot be reached right now (Redis down, hung, or the link dropped), as
 * opposed to refusing a request: the web edge answers it with 503 and the client may try again.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  const text = `${error.message} ${typeof code === 'string' ? code : ''}`;
  return UNREACHABLE.some((re) => re.test(text));
}
