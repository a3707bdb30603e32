// The date-range parameter value, in either of the server's two spellings.

/** `"2025-01-01~2025-03-31"` or `{ from, to }` → `{ from, to }` (either may be empty). */
export function parseDateRange(value: unknown): { from: string; to: string } {
  if (typeof value === "string") {
    const [from = "", to = ""] = value.split("~");
    return { from, to };
  }
  if (typeof value === "object" && value !== null) {
    const range = value as { from?: unknown; to?: unknown };
    return {
      from: typeof range.from === "string" ? range.from : "",
      to: typeof range.to === "string" ? range.to : "",
    };
  }
  return { from: "", to: "" };
}
