"use client";

import { PageError } from "../_components/page-error";

/** The content could not be read (e.g. the app database is down): say so, offer a retry. */
export default function ContentError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="Content and embedding"
      what="The collections, dashboards and questions"
      reset={reset}
    />
  );
}
