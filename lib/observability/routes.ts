// The route pattern of a request path (`/orders/[id]`, never `/orders/9324e700-…`), from the app directory's files:
// the one bounded name a request has in metrics, logs and spans.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The pattern of each page and route handler under `appDir` (e.g. `/api/orders/[id]/items/[productId]`). */
export function appRoutes(appDir: string): string[] {
  const routes: string[] = [];
  const walk = (dir: string, path: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith('_') || entry.name.startsWith('@')) continue; // private folders, parallel slots
        // A route group `(name)` adds nothing to the path.
        const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name}`;
        walk(join(dir, entry.name), path + segment);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
        routes.push(path || '/');
      } else if (/^(favicon\.ico|icon\.\w+|apple-icon\.\w+|robots\.txt|sitemap\.xml|manifest\.\w+)$/.test(entry.name)) {
        routes.push(`${path}/${entry.name}`);
      }
    }
  };
  walk(appDir, '');
  return [...new Set(routes)];
}

/**
 * A matcher from request paths to `routes`' patterns: static segments first, then `[param]` (one segment),
 * `[...param]` (one or more) and `[[...param]]` (zero or more). Paths of Next's own files map to `/_next/static`,
 * `/_next/image` or `/_next`; a path nothing matches maps to `unmatched` (so the label set stays bounded).
 */
export function routeMatcher(routes: readonly string[]): (path: string) => string {
  const compiled = routes
    .map((route) => {
      const segments = route.split('/').filter(Boolean);
      const source = segments
        .map((s) => {
          if (/^\[\[\.\.\..+\]\]$/.test(s)) return '(?:/.*)?';
          if (/^\[\.\.\..+\]$/.test(s)) return '/.+';
          if (/^\[.+\]$/.test(s)) return '/[^/]+';
          return `/${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
        })
        .join('');
      const dynamic = segments.filter((s) => s.startsWith('[')).length;
      return { route, regex: new RegExp(`^${source || '/'}/?$`), dynamic, length: segments.length };
    })
    // The most specific first: fewer dynamic segments, then more segments.
    .sort((a, b) => a.dynamic - b.dynamic || b.length - a.length);
  return (path) => {
    if (path.startsWith('/_next/static/')) return '/_next/static';
    if (path.startsWith('/_next/image')) return '/_next/image';
    if (path.startsWith('/_next/')) return '/_next';
    for (const { route, regex } of compiled) if (regex.test(path)) return route;
    return 'unmatched';
  };
}
