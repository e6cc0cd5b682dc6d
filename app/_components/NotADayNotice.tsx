import { Fragment } from 'react';

/**
 * Says which of the filter's days were left out because they are not calendar days (a hand-edited address), instead
 * of dropping them without a word. `days`: the values as given (see lib/web/day.ts, notDays); each is cut to 40
 * characters and isolated from the sentence's direction.
 */
export function NotADayNotice({ days }: { days: string[] }) {
  if (days.length === 0) return null;
  return (
    <p className="notice warn" role="alert">
      Not filtered by{' '}
      {days.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same text may come twice; the list never reorders
        <Fragment key={i}>
          {i > 0 && ' or '}“<bdi>{d.slice(0, 40)}</bdi>”
        </Fragment>
      ))}
      : a day is written YYYY-MM-DD and must exist on the calendar.
    </p>
  );
}
