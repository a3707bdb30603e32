import "server-only";
import { redactTokens } from "./redact-tokens";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

/** Keys whose values never reach the log, however deeply they are nested. */
const REDACTED_KEYS = /secret|password|token|jwt|authorization|cookie/i;

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactTokens(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactTokens(value.message),
      stack: value.stack && redactTokens(value.stack),
    };
  }
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      REDACTED_KEYS.test(key) ? "[redacted]" : redact(item, depth + 1),
    ]),
  );
}

function write(level: Level, message: string, fields?: Fields) {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    message: redactTokens(message),
    ...(fields ? (redact(fields) as Fields) : {}),
  });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Structured JSON logs on stdout/stderr, with secrets redacted by key and tokens by shape. */
export const logger = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
