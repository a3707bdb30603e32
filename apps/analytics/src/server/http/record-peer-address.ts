import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

let isRecording = false;

/**
 * Appends each connection's peer address to `X-Forwarded-For`, as a proxy would, before Next.js
 * sees the request. Route handlers get no socket, and Next only sets `x-forwarded-for` when the
 * client sent none (`??=` in its base server): a client-sent value would otherwise be all a
 * route could read. Node publishes `http.server.request.start` synchronously, before the server's
 * `request` event, so the header is in place when Next reads it. Call once per process, before
 * the first request (instrumentation's `register`).
 */
export function recordPeerAddresses(): void {
  if (isRecording) return;
  isRecording = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    // A socket already gone has no address: one shared bucket, never the client's word.
    const peer = socket.remoteAddress ?? "unknown";
    const forwarded = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  });
}
