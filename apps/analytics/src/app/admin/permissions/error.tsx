"use client";

import { PageError } from "../_components/page-error";

/** The grid could not be read (e.g. the app database is down): say so, offer a retry. */
export default function PermissionsError({ reset }: { error: Error; reset: () => void }) {
  return <PageError title="Data permissions" what="The data permissions" reset={reset} />;
}
