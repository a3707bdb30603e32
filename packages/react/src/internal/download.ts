import { csvLine } from "@embed/contracts/csv";
import type { QueryResult } from "../types";

/** Saves a blob as a file through a temporary object URL (no navigation, no token in a URL). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `Orders per month` → `Orders_per_month.csv`. */
export function csvFilename(title: string): string {
  return `${
    title
      .replace(/[^\w-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 80) || "export"
  }.csv`;
}

/**
 * A result as CSV (for a saved question, whose rows are already in the browser). Cells follow
 * @embed/contracts' one rule, the server exports' too: formula-looking strings get a leading `'`.
 */
export function resultToCsv(result: QueryResult): string {
  let csv = csvLine(result.columns.map((column) => column.displayName));
  for (const row of result.rows) csv += csvLine(row);
  return csv;
}
