'use client';
import { useEffect, useState } from 'react';

/** How many times a lost command is asked about after the first question: about a minute in all. */
const MAX_RETRIES = 8;

/**
 * After a command whose answer was lost, whether it was written all the same. `lostAt`: when that answer was lost (the
 * form state's `at`), 0 when nothing is unknown. `ask` answers with what the command made (a version, an order id),
 * null for "not written (yet)", or 'unknown' (the store is out of reach); it is asked at once, again whenever `nudge`
 * changes or the browser comes back online, and after 1, 2, 4… (at most 10) s while the answer is not yet found, for
 * about a minute: a command can still be on its way, or waiting for a slow store. Returns what was found for this
 * `lostAt` (null: nothing yet) and whether the first question is still out (at most 3 s), so that a form can say
 * "checking" before it says "may not have been saved".
 */
export function useCommandLookup<T>(
  lostAt: number,
  ask: () => Promise<T | null | 'unknown'>,
  nudge: unknown = null,
): { found: T | null; checking: boolean } {
  const [found, setFound] = useState<{ at: number; value: T } | null>(null);
  const [tries, setTries] = useState({ at: 0, n: 0 });
  const [firstAnswered, setFirstAnswered] = useState(0);
  const [online, setOnline] = useState(0);
  const n = tries.at === lostAt ? tries.n : 0;
  const done = found?.at === lostAt;
  useEffect(() => {
    const back = () => setOnline((o) => o + 1);
    window.addEventListener('online', back);
    return () => window.removeEventListener('online', back);
  }, []);
  useEffect(() => {
    void nudge; // asked again when the caller says something changed (a newer version shown, a link back)
    void online; // and when the browser is back online
    if (lostAt === 0 || done) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      if (n < MAX_RETRIES)
        timer = setTimeout(() => setTries({ at: lostAt, n: n + 1 }), Math.min(1000 * 2 ** n, 10_000));
    };
    ask().then(
      (value) => {
        if (!current) return;
        setFirstAnswered(lostAt);
        if (value === null || value === 'unknown') later();
        else setFound({ at: lostAt, value });
      },
      () => {
        if (!current) return;
        setFirstAnswered(lostAt);
        later();
      },
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [lostAt, done, ask, nudge, online, n]);
  useEffect(() => {
    if (lostAt === 0) return;
    const timer = setTimeout(() => setFirstAnswered(lostAt), 3000);
    return () => clearTimeout(timer);
  }, [lostAt]);
  return { found: done ? found.value : null, checking: lostAt !== 0 && !done && firstAnswered !== lostAt };
}
