'use client';
// An error view's "Try again": Next's `retry` (a router refresh, then a re-render). Offline it says so instead: a
// router refresh that cannot reach the server falls back to a full page load, the browser's offline page. (The
// error views are alerts themselves: what appears in them is announced.)
import { useState } from 'react';

export function RetryButton({ retry }: { retry: () => void }) {
  const [offline, setOffline] = useState(false);
  return (
    <>
      <button
        type="button"
        className="primary"
        aria-describedby={offline ? 'retry-offline' : undefined}
        onClick={() => {
          const online = navigator.onLine;
          setOffline(!online);
          if (online) retry();
        }}
      >
        Try again
      </button>
      {offline && (
        <span id="retry-offline" className="field-error">
          You are offline: try again once your connection is back.
        </span>
      )}
    </>
  );
}
