import "server-only";

/**
 * The Content-Security-Policy of every document. Scripts run only with this response's nonce
 * (Next.js puts it on its own inline and chunk scripts when it finds it in the request's CSP
 * header) and what those load ('strict-dynamic'), so injected markup cannot run script; no
 * plugins; `<base>` and form targets stay on this server; only the authorized origins (the
 * host's) may frame the page. Styles are left open: the pages and charts use inline styles.
 */
export function contentSecurityPolicy({
  nonce,
  frameAncestors,
  allowEval = false,
}: {
  nonce: string;
  frameAncestors: readonly string[];
  /** React's development build evaluates code (`next dev` only). */
  allowEval?: boolean;
}): string {
  return [
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${allowEval ? " 'unsafe-eval'" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(" ")}`,
  ].join("; ");
}

/**
 * What a document's links tell other sites: the origin only, and nothing at all from a guest
 * embed, whose URL holds its token.
 */
export function referrerPolicyFor(pathname: string): string {
  return pathname.startsWith("/embed/") ? "no-referrer" : "strict-origin-when-cross-origin";
}
