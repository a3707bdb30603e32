import { Kysely } from "kysely";
import type { SqlDialect } from "../sql-dialect";

/**
 * The compiler works on tables known only at run time, so Kysely's schema type is open: every
 * identifier it quotes still comes from validated metadata, never from the query text.
 */
// biome-ignore lint/suspicious/noExplicitAny: dynamic schema, see above
export type DynamicDatabase = Record<string, any>;

const instances = new WeakMap<SqlDialect, Kysely<DynamicDatabase>>();

/** One compile-only Kysely per dialect (it never opens a connection). */
export function kyselyFor(dialect: SqlDialect): Kysely<DynamicDatabase> {
  let db = instances.get(dialect);
  if (!db) {
    db = new Kysely<DynamicDatabase>({ dialect: dialect.kyselyDialect });
    instances.set(dialect, db);
  }
  return db;
}
