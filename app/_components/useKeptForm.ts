'use client';
// A form whose server action may get no answer (offline, the server down): the failure is said in place by the
// form's own state, and what the user typed stays. The form is sent by hand (onSubmit) rather than through its
// `action`, so React does not clear it afterwards; a redirect (how a server action navigates) goes through.
import { type FormEvent, startTransition, useActionState, useEffect, useRef } from 'react';

/** What a form says when its request got no answer. */
export const NO_ANSWER =
  'The server could not be reached: check your connection and try again (what you typed is kept).';

/** Whether `error` is Next's redirect from a server action (let through, never reported as a failure). */
export const isRedirect = (error: unknown) =>
  error instanceof Error && /NEXT_REDIRECT/.test(error.message + String((error as { digest?: string }).digest));

/**
 * useActionState over `action`, where a request that got no answer becomes `unreachable(previous state)`. Returns
 * the state, whether it is pending, and the form's `onSubmit` (which keeps the submitter's name and value).
 */
export function useKeptForm<S>(
  action: (prev: S, form: FormData) => Promise<S>,
  initial: S,
  unreachable: (prev: S) => S,
  /** When the form's fields are cleared (after it did what it was for); default never. */
  clearWhen: (state: S) => boolean = () => false,
) {
  const safe = async (prev: S, data: FormData): Promise<S> => {
    try {
      return await action(prev, data);
    } catch (error) {
      if (isRedirect(error)) throw error;
      return unreachable(prev);
    }
  };
  const [state, dispatch, pending] = useActionState<S, FormData>(safe, initial as Awaited<S>);
  const sentFrom = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    if (clearWhen(state)) sentFrom.current?.reset();
  }, [state, clearWhen]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    sentFrom.current = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(e.currentTarget, submitter instanceof HTMLElement ? submitter : undefined);
    startTransition(() => dispatch(data));
  };
  return { state, pending, onSubmit };
}
