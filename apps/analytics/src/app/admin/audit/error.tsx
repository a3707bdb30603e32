"use client";

import { PageError } from "../_components/page-error";

/** The audit could not be read (e.g. the app database is down): say so, offer a retry. */
export default function AuditError({ reset }: { error: Error; reset: () => void }) {
  return <PageError title="Audit" what="The audit events" reset={reset} />;
}
