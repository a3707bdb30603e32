"use client";

import { PageError } from "../../_components/page-error";

/** The data source could not be read (e.g. the app database is down): say so, offer a retry. */
export default function DataSourceError({ reset }: { error: Error; reset: () => void }) {
  return <PageError title="Data source" what="The data source" reset={reset} />;
}
