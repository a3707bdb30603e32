"use client";

import { PageError } from "../_components/page-error";

/** The data sources could not be read (e.g. the app database is down): say so, offer a retry. */
export default function DataSourcesError({ reset }: { error: Error; reset: () => void }) {
  return <PageError title="Data sources" what="The data sources" reset={reset} />;
}
