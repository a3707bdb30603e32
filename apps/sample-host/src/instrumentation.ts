/**
 * Next.js calls `register` once per server process, before any request is served.
 * NEXT_RUNTIME is Next's own variable; it tells the Node.js server apart from the edge runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvironment } = await import("./server/check-environment");
  checkEnvironment();
}
