/**
 * Next.js calls `register` once per server process, before any request is served.
 * NEXT_RUNTIME is Next's own variable; it tells the Node.js server apart from the edge runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before the first request: route handlers learn the connection's peer only this way.
  const { recordPeerAddresses } = await import("./server/http/record-peer-address");
  recordPeerAddresses();
  const { startServer } = await import("./server/startup");
  await startServer();
  // server.mjs picks the lean path's dispatcher up from here once Next.js is prepared.
  const { offerLeanDispatcher } = await import("./server/http/lean/offer-lean-dispatcher");
  offerLeanDispatcher();
}
