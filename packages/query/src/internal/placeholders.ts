import { type RawBuilder, sql } from "kysely";
import type { AttributeValue } from "../policy";

/**
 * Hand-written SQL with `{{name}}` placeholders — a sandbox's SQL view or a native question —
 * turned into a piece of a statement the compiler numbers and binds itself. Shared by both, so
 * the rules cannot drift apart.
 */

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** The distinct names of the `{{name}}` placeholders in hand-written SQL, in order. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ""))];
}

/** Why hand-written SQL is refused before binding. */
export type StatementProblem = "positional_parameter" | "several_statements";

/**
 * The text as ONE statement: trimmed, without a trailing `;`. Refused: a `$1`-style parameter
 * (it would collide with the parameters the compiler numbers) and any other `;` — two statements,
 * or, conservatively, one inside a literal or comment.
 */
export function singleStatement(
  text: string,
): { text: string; problem?: undefined } | { problem: StatementProblem } {
  const trimmed = text.trim().replace(/;\s*$/, "");
  if (/\$\d/.test(trimmed)) return { problem: "positional_parameter" };
  if (trimmed.includes(";")) return { problem: "several_statements" };
  return { text: trimmed };
}

/**
 * `text` with each `{{name}}` replaced by a bound parameter, never spliced text; a list binds as
 * ONE array parameter (write `= ANY({{ids}})`). When a placeholder has no value (absent,
 * `undefined` or `null`), the first such name is returned as `missing` instead — the caller
 * decides what that means (a view yields no rows; a native question is refused).
 */
export function bindPlaceholders(
  text: string,
  values: Readonly<Record<string, AttributeValue>>,
): { sql: RawBuilder<unknown>; missing?: undefined } | { missing: string } {
  const pieces: RawBuilder<unknown>[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) return { missing: name };
    pieces.push(sql.raw(text.slice(last, match.index)));
    pieces.push(sql`${Array.isArray(value) ? [...value] : value}`);
    last = match.index + match[0].length;
  }
  pieces.push(sql.raw(text.slice(last)));
  return { sql: sql.join(pieces, sql``) };
}
