import "server-only";
import { isQueryError } from "@embed/query";
import { type AuditEventType, recordAuditEventSafely } from "../audit/record-audit-event";
import { ApiError } from "../http/api-error";
import type { ContentViewer } from "./content-viewer";

export interface ContentResource {
  type: "dashboard" | "card" | "dataset" | "guest_dashboard" | "guest_question";
  id?: number | string;
  dashcardId?: number;
}

/** Records a content event with who (and, for usage per tenant, their attributes) and what. */
export function auditContent(
  type: Extract<
    AuditEventType,
    "dashboard.viewed" | "question.viewed" | "query.failed" | "export.downloaded"
  >,
  viewer: ContentViewer,
  resource: ContentResource,
  payload: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  return recordAuditEventSafely({
    type,
    actorUserId: viewer.userId,
    actorAttributes: viewer.attributes,
    resourceType: resource.type,
    ...(resource.id !== undefined ? { resourceId: resource.id } : {}),
    payload: {
      viewer: viewer.kind,
      ...(resource.dashcardId ? { dashcardId: resource.dashcardId } : {}),
      ...payload,
    },
  });
}

/** Runs a query-shaped operation; a refusal or failure is audited (with its code) and rethrown. */
export async function withQueryAudit<T>(
  viewer: ContentViewer,
  resource: ContentResource,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } catch (error) {
    const code = isQueryError(error) || error instanceof ApiError ? error.code : "internal_error";
    await auditContent("query.failed", viewer, resource, {
      code,
      durationMs: Math.round(performance.now() - started),
    });
    throw error;
  }
}
