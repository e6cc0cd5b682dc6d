'use client';
// A button that copies a value (an id) to the clipboard and says so for a moment.
import { useState } from 'react';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      aria-label={copied ? `${label} copied` : `Copy ${label}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          // No clipboard (an insecure context): the value stays selectable on the page.
        }
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
