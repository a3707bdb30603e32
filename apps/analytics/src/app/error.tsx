"use client";

/** A page that failed on the server: a readable message, never a stack or a JSON document. */
export default function PageError({ error }: { error: Error & { digest?: string } }) {
  return (
    <main style={{ maxWidth: 560, margin: "64px auto", padding: "0 24px", lineHeight: 1.6 }}>
      <h1 style={{ fontSize: 24 }}>This page could not be shown</h1>
      <p>
        The analytics server hit a problem while preparing it. Try again in a moment; if it keeps
        happening, the server's log says why
        {error.digest ? (
          <>
            {" "}
            (reference <code>{error.digest}</code>)
          </>
        ) : null}
        .
      </p>
    </main>
  );
}
