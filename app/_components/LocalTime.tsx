'use client';
import { useEffect, useState } from 'react';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

function relative(iso: string, now: number, locale: string): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 10) return rtf.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}

/**
 * A time for the reader: relative ("3 minutes ago") or exact, in their locale and time zone, with the exact time on
 * hover. The server renders the UTC time; the browser replaces it once mounted.
 */
export function LocalTime({ iso, mode = 'relative' }: { iso: string; mode?: 'relative' | 'exact' }) {
  const [text, setText] = useState(() => `${iso.replace('T', ' ').slice(0, 16)} UTC`);
  const [title, setTitle] = useState(iso);
  useEffect(() => {
    const locale = navigator.language;
    const exact = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
    setTitle(exact);
    if (mode === 'exact') return setText(exact);
    const tick = () => setText(relative(iso, Date.now(), locale));
    tick();
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, [iso, mode]);
  return (
    <time dateTime={iso} title={title}>
      {text}
    </time>
  );
}

/** A clock time ("14:05") in the reader's locale and time zone, as bare text (SVG labels, table cells). */
export function LocalClock({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${iso.slice(11, 16)} UTC`);
  useEffect(() => {
    setText(new Intl.DateTimeFormat(navigator.language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)));
  }, [iso]);
  return <>{text}</>;
}
