// `pnpm bench`: prints the SDK's bundle size and, in headless Chromium against a local fake
// server, the time from mount to the first drawn chart of a six-card dashboard (target ≤ 1 s).
// Prints figures only; asserts nothing. Playwright gives each launch a fresh profile.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { describeBundle, measureBundle } from "../scripts/measure-bundle";
import { BENCH_DASHBOARD, BENCH_RESULTS } from "./fake-analytics";
import { signSsoJwt, startRealAnalytics } from "./real-analytics";

const RUNS = 7;
const IS_REAL = process.argv.includes("--real");
const LATENCY_MS = Number(process.argv.find((arg) => arg.startsWith("--latency="))?.slice(10) ?? 0);
const WIDTH = process.argv.includes("--narrow") ? 420 : 1280;
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

console.log(describeBundle(await measureBundle()));

if (!existsSync(chromiumPath)) {
  console.log(`No Chromium at ${chromiumPath} (set CHROMIUM_PATH): skipping the render bench.`);
  process.exit(0);
}

const app = await build({
  entryPoints: [fileURLToPath(new URL("./app.tsx", import.meta.url))],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  write: false,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "silent",
});
const appJs = app.outputFiles[0]?.text ?? "";
const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title></head>
<body style="margin:0"><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (response: ServerResponse, status: number, type: string, body: string) => {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
};
const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const route = `${request.method} ${url.pathname}`;
  if (route === "GET /") return send(response, 200, "text/html", page);
  if (route === "GET /app.js") return send(response, 200, "text/javascript", appJs);
  if (route === "GET /token" && real) {
    // The host's JWT provider: a tenant of the demo seed (tenant 999: accounts 1–3).
    const jwt = signSsoJwt(real.ssoSecret, "bench@example.com", {
      role: "tenant",
      primary_id: 999,
    });
    return send(response, 200, "application/json", JSON.stringify({ jwt }));
  }
  await sleep(LATENCY_MS);
  if (route === "GET /token") {
    return send(response, 200, "application/json", JSON.stringify({ jwt: "bench.jwt" }));
  }
  if (route === "POST /api/session/sso") {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    return send(
      response,
      200,
      "application/json",
      JSON.stringify({ sessionToken: "bench", expiresAt }),
    );
  }
  if (route === "GET /api/dashboard/1") {
    return send(response, 200, "application/json", JSON.stringify(BENCH_DASHBOARD));
  }
  const card = url.pathname.match(/^\/api\/dashboard\/1\/cards\/(\d+)\/query$/);
  if (request.method === "POST" && card) {
    return send(response, 200, "application/json", JSON.stringify(BENCH_RESULTS[Number(card[1])]));
  }
  if (url.pathname.includes("/params/")) {
    return send(
      response,
      200,
      "application/json",
      JSON.stringify({ values: ["delivered", "shipped"], truncated: false }),
    );
  }
  send(
    response,
    404,
    "application/json",
    JSON.stringify({ error: { code: "not_found", message: route } }),
  );
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// --real: the page stays on this origin; the API is the real server's, on another origin (CORS).
const real = IS_REAL ? await startRealAnalytics(origin) : undefined;
const instanceUrl = real?.url ?? origin;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const firstChart: number[] = [];
const allCards: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const tab = await browser.newPage({ viewport: { width: WIDTH, height: 1000 } });
    await tab.goto(`${origin}/?instance=${encodeURIComponent(instanceUrl)}`);
    tab.on("console", (message) => {
      if (message.type() === "error") console.log(`[page] ${message.text()}`);
    });
    try {
      await tab.waitForFunction(() => window.__bench?.allCardsMs !== undefined, null, {
        timeout: 30_000,
      });
    } catch (error) {
      const shot = path.join(tmpdir(), "embed-react-bench-timeout.png");
      await tab.screenshot({ path: shot, fullPage: true });
      throw new Error(`The dashboard did not finish drawing (see ${shot})`, { cause: error });
    }
    const timings = await tab.evaluate(() => window.__bench);
    firstChart.push(timings?.firstChartMs ?? Number.NaN);
    allCards.push(timings?.allCardsMs ?? Number.NaN);
    if (run === 0 && process.argv.includes("--screenshot")) {
      await tab.screenshot({ path: path.join(tmpdir(), "embed-react-bench.png"), fullPage: true });
      console.log(`screenshot: ${path.join(tmpdir(), "embed-react-bench.png")}`);
    }
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
  real?.stop();
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(
  [
    `six-card dashboard in headless Chromium, ${
      IS_REAL
        ? "the real analytics server (demo seed, embedded PGlite warehouse)"
        : `fake server on 127.0.0.1 (${LATENCY_MS} ms added latency)`
    }, ${RUNS} runs (first is cold):`,
    `  mount → first chart drawn: median ${ms(median(firstChart))} (runs: ${firstChart.map(ms).join(", ")}) — target ≤ 1000 ms`,
    `  mount → all six cards drawn: median ${ms(median(allCards))} (runs: ${allCards.map(ms).join(", ")})`,
  ].join("\n"),
);
