const MAX_SNIPPET = 40;

/**
 * A short, escaped rendering of caller input for an error message: at most 40 characters, JSON
 * string escaping (quotes, control characters) and `<`, `>`, `&` as \u escapes, so the message
 * is safe in a log line, a JSON body or an HTML page and cannot carry a payload of any size.
 */
export function snippet(value: unknown): string {
  const text = typeof value === "string" ? value : String(JSON.stringify(value) ?? typeof value);
  const chars = [...text];
  const short = chars.length > MAX_SNIPPET ? `${chars.slice(0, MAX_SNIPPET).join("")}…` : text;
  return JSON.stringify(short).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
