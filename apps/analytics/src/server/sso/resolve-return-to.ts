import "server-only";
import { ApiError } from "../http/api-error";

/**
 * Where the SSO redirect flow may send the browser back to: a path on this server, or a URL on
 * an authorized origin. Anything else (another site, `//evil.test`, `javascript:`) is refused,
 * so /auth/sso can never be used as an open redirect.
 */
export function resolveReturnTo(
  returnTo: string | null,
  { serverOrigin, authorizedOrigins }: { serverOrigin: string; authorizedOrigins: string[] },
): string {
  if (!returnTo) return "/";
  const refuse = () =>
    new ApiError(
      "return_to_not_allowed",
      400,
      "return_to must be a path on this server (like /dashboard/1) or a URL on an authorized origin.",
    );
  if (returnTo.startsWith("/")) {
    // "//host" and "/\\host" are protocol-relative URLs to browsers, not paths.
    if (returnTo.startsWith("//") || returnTo.includes("\\")) throw refuse();
    const url = new URL(returnTo, serverOrigin);
    if (url.origin !== serverOrigin) throw refuse();
    return `${url.pathname}${url.search}${url.hash}`;
  }
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    throw refuse();
  }
  if (
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    !authorizedOrigins.includes(url.origin)
  ) {
    throw refuse();
  }
  return url.toString();
}
