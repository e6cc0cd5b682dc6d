// Small helpers for writing rows through Drizzle's schema objects with statements prepared once.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/** `excluded.<column>` for every column of `table` but its key: the SET clause of "replace the row" upserts. */
export function excludedColumns(table: SQLiteTable, except: readonly string[]): Record<string, SQL> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([key]) => !except.includes(key))
      .map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  );
}

/** Placeholders named after the properties: `{ id: sql.placeholder('id'), … }`. */
export const placeholders = <K extends string>(...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<
    K,
    ReturnType<typeof sql.placeholder>
  >;
