'use client';
// "/" focuses the page's search box (the element with `id`), as in most tools with a search; never while the user
// is typing somewhere. The box says so (aria-keyshortcuts, which screen readers announce) once the key works, that
// is once the page is hydrated: a "/" pressed before then does nothing.
import { useEffect } from 'react';

export function SlashToFocus({ id }: { id: string }) {
  useEffect(() => {
    const target = document.getElementById(id);
    target?.setAttribute('aria-keyshortcuts', '/');
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const box = document.getElementById(id);
      if (!box) return;
      e.preventDefault();
      box.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      target?.removeAttribute('aria-keyshortcuts');
    };
  }, [id]);
  return null;
}
