import type { z } from "zod";
import { snippet } from "./internal/snippet";
import { QueryError } from "./query-error";
import { type StructuredQuery, StructuredQuerySchema } from "./structured-query";

/** What each part of the grammar looks like, for error messages (no caller input in here). */
const GRAMMAR: Record<string, string> = {
  source: 'a table name, e.g. "orders"',
  joins: '{ "table": "<table>", "via"?: "<foreign-key column>" }',
  filters:
    '["=" | "!=" | "<" | ">" | "<=" | ">=", column, value], ["between", column, a, b], ["in", column, [values]], ["contains", column, "text"], ["is-null" | "not-null", column]',
  aggregations: '["count"] or ["sum" | "avg" | "min" | "max" | "distinct-count", column]',
  breakouts: 'a column, or ["day" | "week" | "month" | "quarter" | "year", dateColumn]',
  orderBy: '["asc" | "desc", column | [unit, dateColumn] | ["aggregation", index]]',
  limit: "a positive integer",
};

function describePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : `${text ? "." : ""}${String(key)}`;
  }
  return text || "the query";
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = describePath(issue.path.slice(0, 2));
  const part = typeof issue.path[0] === "string" ? GRAMMAR[issue.path[0]] : undefined;
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.slice(0, 3).map(snippet).join(", ");
    return `unknown key ${keys} in ${where}; a query has source, joins, filters, aggregations, breakouts, orderBy and limit`;
  }
  if (issue.path.length === 0) return "a query must be an object with a string `source`";
  return part ? `invalid ${where}: expected ${part}` : `invalid ${where}`;
}

/**
 * Checks that `input` has the grammar's shape (names are checked later, against metadata and
 * policy). The message names the offending position and the expected form, never the input.
 */
export function parseStructuredQuery(input: unknown): StructuredQuery {
  const result = StructuredQuerySchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new QueryError("invalid_query", issue ? describeIssue(issue) : "invalid query");
}
