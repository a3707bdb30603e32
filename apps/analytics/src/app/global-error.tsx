"use client";

/** When even the layout fails (e.g. the app database is unreachable): a readable page. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", color: "#1f2937" }}>
        <main style={{ maxWidth: 560, margin: "64px auto", padding: "0 24px", lineHeight: 1.6 }}>
          <h1 style={{ fontSize: 24 }}>The analytics server cannot show pages right now</h1>
          <p>
            It hit a problem it could not recover from. Check its configuration and its log
            {error.digest ? (
              <>
                {" "}
                (reference <code>{error.digest}</code>)
              </>
            ) : null}
            , then reload this page.
          </p>
        </main>
      </body>
    </html>
  );
}
