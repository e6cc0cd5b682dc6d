import type { MouseEvent } from 'react';

/**
 * Props for a button that refuses clicks while `off` (its command pending, or nothing to send). Not `disabled`: a
 * disabled button drops the keyboard focus to the page's body, and the user loses their place; `aria-disabled` says
 * the same to assistive technology.
 */
export const unlessOff = (off: boolean) =>
  off ? { 'aria-disabled': true as const, onClick: (e: MouseEvent<HTMLButtonElement>) => e.preventDefault() } : {};
