import autocannon from "autocannon";

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses whose status was not the expected one. */
  failures: number;
  seconds: number;
}

/**
 * Sends `requests` (each exactly once, in order) over `concurrency` keep-alive connections and
 * measures throughput and latency percentiles. autocannon's client costs a few microseconds of
 * CPU per request, so on a two-core machine the load generator leaves the server nearly all the
 * CPU it would have in production (Node's `fetch` cost ~0.8 ms per request here — a quarter
 * of the server's own cost).
 */
export async function runHttpLoad(
  baseUrl: string,
  requests: LoadRequest[],
  { concurrency, expectStatus = 200 }: { concurrency: number; expectStatus?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  // autocannon settles on its once-a-second tick, so the run is timed from the first request to
  // the last response instead.
  let firstSent = 0;
  let lastReceived = 0;
  let settle: (outcome: { error?: unknown; result?: autocannon.Result }) => void = () => {};
  const finished = new Promise<{ error?: unknown; result?: autocannon.Result }>((resolve) => {
    settle = resolve;
  });
  const instance = autocannon(
    {
      url: baseUrl,
      connections: concurrency,
      amount: requests.length,
      timeout: 30,
      requests: [
        {
          // Each connection takes the next request from the shared list.
          setupRequest: (request) => {
            if (next === 0) firstSent = performance.now();
            const item = requests[next++ % requests.length] as LoadRequest;
            return {
              ...request,
              method: item.method,
              path: item.path,
              headers: { ...item.headers },
              ...(item.body !== undefined ? { body: item.body } : {}),
            };
          },
        },
      ],
    },
    (error, result) => settle({ error, result }),
  );
  // autocannon 9 passes the client first; @types/autocannon still describes the older signature.
  (instance as NodeJS.EventEmitter).on(
    "response",
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastReceived = performance.now();
      latencies.push(responseTime);
      if (statusCode !== expectStatus) failures++;
    },
  );
  const { error, result } = await finished;
  if (error || !result) throw error ?? new Error("autocannon gave no result");
  const seconds = (lastReceived - firstSent) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(50),
    p99: percentile(99),
    failures: failures + result.errors + result.timeouts,
    seconds,
  };
}
