// One worker of the analytics server (start.mjs starts and supervises them): Next.js in its
// documented custom-server mode, behind our own `node:http` server.
//
// The hot JSON routes (src/server/http/lean/hot-routes.ts: the SSO exchange, session checks,
// dashboards, card and guest-embed queries, dataset) are answered by the lean dispatcher, which
// calls the route files' own handlers without Next.js's request machinery; every other request
// (pages, the console, the admin API, next-auth, exports, anything unusual) goes to Next.js's
// request handler, exactly as under `next start`. The dispatcher comes from Next.js's bundle,
// which offers it on globalThis when its instrumentation hook has run the startup tasks (null when
// EMBED_LEAN_PATH=off); until then every request goes to Next.js, which waits for that hook.
//
// Arguments as `next start`'s: --port/-p, --hostname/-H, --keepAliveTimeout.
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const LEAN_DISPATCHER_KEY = Symbol.for("embed.leanDispatcher");

const options = parseArguments(process.argv.slice(2));
// `request.url`'s host, as `next start` builds it when no hostname is given.
const urlHostname = options.hostname ?? "localhost";

const app = next({
  dev: false,
  dir: path.dirname(fileURLToPath(import.meta.url)),
  hostname: urlHostname,
  port: options.port,
});
const handleWithNext = app.getRequestHandler();
await app.prepare();

/** The lean dispatcher; undefined until offered, null when EMBED_LEAN_PATH=off. */
let leanDispatcher;
function lean() {
  if (leanDispatcher === undefined && LEAN_DISPATCHER_KEY in globalThis) {
    const makeLeanDispatcher = globalThis[LEAN_DISPATCHER_KEY];
    leanDispatcher = makeLeanDispatcher?.({ hostname: urlHostname, port: options.port }) ?? null;
    console.log(`analytics: lean path ${leanDispatcher ? "on" : "off"} (pid ${process.pid})`);
  }
  return leanDispatcher;
}

const server = createServer((request, response) => {
  if (lean()?.(request, response)) return;
  void handleWithNext(request, response);
});
if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
server.listen(options.port, options.hostname, () => {
  console.log(
    `analytics: listening on ${options.hostname ?? "every address"}, port ${options.port}`,
  );
});

function stop() {
  server.close();
  void app.close().finally(() => process.exit(0));
  // Open keep-alive connections do not hold the process up.
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

function parseArguments(args) {
  const parsed = { port: Number(process.env.PORT || 3000), hostname: undefined };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split("=", 2);
    const value = () => inline ?? args[++i];
    if (flag === "--port" || flag === "-p") parsed.port = Number(value());
    else if (flag === "--hostname" || flag === "-H") parsed.hostname = value();
    else if (flag === "--keepAliveTimeout") parsed.keepAliveTimeout = Number(value());
    else throw new Error(`analytics: unknown argument ${args[i]}`);
  }
  if (!Number.isInteger(parsed.port) || parsed.port < 0 || parsed.port > 65_535) {
    throw new Error(`analytics: --port must be a port number, not ${parsed.port}`);
  }
  return parsed;
}
