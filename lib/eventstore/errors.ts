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
