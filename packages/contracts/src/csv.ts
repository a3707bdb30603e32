/** A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** `-12.5`, `+3`, `1e-7`: read as numbers, never as formulas (a numeric too large for a double arrives as such text). */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The text of one CSV cell, before quoting. A string that a spreadsheet would run as a formula
 * (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd`, a leading tab or CR) gets a leading `'`. Only strings
 * are escaped: numbers and booleans are written as they are, so `-5` stays a number.
 * The one rule for the SDK's client-side CSV and the server's exports.
 * @example
 * csvCellText("=HYPERLINK(\"http://evil\")") // "'=HYPERLINK(\"http://evil\")"
 * csvCellText(-5) // "-5"
 */
export function csvCellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") {
    return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One CSV line (RFC 4180, CRLF-terminated): each cell escaped, then quoted when it must be. */
export function csvLine(values: readonly unknown[]): string {
  return `${values
    .map((value) => {
      const text = csvCellText(value);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",")}\r\n`;
}
