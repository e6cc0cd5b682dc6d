// Password strength with zxcvbn-ts (common-password, dictionary, keyboard-pattern, repeat and sequence matchers): a
// new password must score at least MIN_SCORE of 4 ("safely unguessable" against throttled online guessing), and the
// refusal says why in words a person can act on.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

/**
 * Whether `password` is strong enough for an account named `username` (a password made of the username is weak).
 * Returns null when it is, or the reason it is not (one sentence, with a suggestion).
 */
export function weakPasswordReason(password: string, username?: string): string | null {
  const r = zxcvbn.check(password, username ? [username] : []);
  if (r.score >= MIN_SCORE) return null;
  const why = r.feedback.warning ?? 'This password is easy to guess.';
  const how = r.feedback.suggestions[0] ?? 'Use a few uncommon words together.';
  return `too easy to guess: ${why.replace(/\.$/, '')}. ${how}`;
}
