"use client";

import { PageError } from "../_components/page-error";

/** The page could not be read (e.g. the app database is down): say so, offer a retry. */
export default function AdminSsoError({ reset }: { error: Error; reset: () => void }) {
  return <PageError title="SSO and embedding" what="The SSO settings" reset={reset} />;
}
