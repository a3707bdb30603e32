import "server-only";
import type { Prisma } from "@embed/db";
import { z } from "zod";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";

/** The console's and the API's audit filters; every field optional, all of them ANDed. */
export interface AuditEventFilter {
  type?: string | null;
  /** The actor's email, or the email a refused login named (its payload). */
  email?: string | null;
  /** An actor attribute at the time of the event (e.g. `tenant`) and the value it must equal. */
  attribute?: string | null;
  attributeValue?: string | null;
  /** Events that occurred (first to last, for a folded row) within [from, to]. */
  from?: Date | null;
  to?: Date | null;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string().regex(/^\d{1,19}$/)]);

function encodeCursor(lastOccurredAt: Date, id: bigint): string {
  return Buffer.from(JSON.stringify([lastOccurredAt.toISOString(), id.toString()])).toString(
    "base64url",
  );
}

function decodeCursor(cursor: string): { at: Date; id: bigint } {
  try {
    const [at, id] = CursorSchema.parse(
      JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")),
    );
    return { at: new Date(at), id: BigInt(id) };
  } catch {
    throw new ApiError("bad_request", 400, "The cursor is not one this server gave out.");
  }
}

/**
 * Audit events matching a filter, newest (by latest occurrence) first, a page at a time. A folded
 * row that repeats while someone pages moves to the top, so a later page may not show it again.
 */
export async function searchAuditEvents(filter: AuditEventFilter) {
  const { prisma } = await getAppDatabase();
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.type) and.push({ type: filter.type });
  const email = filter.email?.trim().toLowerCase();
  if (email) {
    and.push({
      OR: [{ actor: { email } }, { payload: { path: ["email"], equals: email } }],
    });
  }
  if (filter.attribute && filter.attributeValue !== undefined && filter.attributeValue !== null) {
    and.push({
      actorAttributes: { path: [filter.attribute], equals: filter.attributeValue },
    });
  }
  if (filter.from) and.push({ lastOccurredAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lte: filter.to } });
  if (filter.cursor) {
    const { at, id } = decodeCursor(filter.cursor);
    and.push({ OR: [{ lastOccurredAt: { lt: at } }, { lastOccurredAt: at, id: { lt: id } }] });
  }
  const rows = await prisma.auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ lastOccurredAt: "desc" }, { id: "desc" }],
    // One more than asked tells whether there is a next page.
    take: filter.limit + 1,
    include: { actor: { select: { email: true } } },
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    events: page.map(({ aggregationKey: _aggregationKey, actor, ...event }) => ({
      ...event,
      id: event.id.toString(),
      actorEmail: actor?.email ?? null,
    })),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor(last.lastOccurredAt, last.id) : null,
  };
}

export type AuditEventRow = Awaited<ReturnType<typeof searchAuditEvents>>["events"][number];

const OptionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || null);
const OptionalDate = z
  .string()
  .trim()
  .max(40)
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    // `datetime-local` inputs send no zone: read them as UTC, which the console shows.
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) {
      context.addIssue({ code: "custom", message: `"${value}" is not a date and time.` });
      return z.NEVER;
    }
    return date;
  });

/** The filter's query parameters, shared by the API route, the CSV export and the console page. */
export const AuditQuerySchema = z.object({
  type: OptionalText,
  email: OptionalText,
  attribute: OptionalText,
  value: OptionalText,
  from: OptionalDate,
  to: OptionalDate,
  cursor: OptionalText,
});

/** Parses search parameters into a filter; a bad value is a 400 `bad_request` naming it. */
export function parseAuditQuery(
  params: Record<string, string | undefined>,
  limit: number,
): AuditEventFilter {
  const parsed = AuditQuerySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      "bad_request",
      400,
      `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const { value, ...rest } = parsed.data;
  return { ...rest, attribute: rest.attribute, attributeValue: value, limit };
}
