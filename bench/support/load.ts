/**
 * Load from autocannon, in this process, and how two sides are compared on a noisy machine: in
 * alternating pairs after a warm-up, each side going first in turn, the median of the pairs' ratios.
 */
import autocannon from 'autocannon';

export interface Load {
  url: string;
  /** A body per connection, or one for all. Connection i sends bodies[i % bodies.length]. */
  bodies: string[];
  headers?: Record<string, string>;
  connections: number;
  /**
   * A connection's next body from its last answer (a refresh token's successor), given the index
   * of its first body; null: the answer was a failure. Without it, each keeps its first body.
   */
  follow?: (answer: string, connection: number) => string | null;
}

export interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
}

/** Runs a load for `seconds`; any failed request (non-2xx, error, timeout) fails the bench. */
export async function run(load: Load, seconds: number): Promise<Measured> {
  let next = 0;
  // Each response's time to the microsecond: autocannon's own percentiles are whole milliseconds,
  // too coarse for latencies of a few.
  const times: number[] = [];
  let refused = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...load.headers },
        connections: load.connections,
        duration: seconds,
        // A sign-in queued behind 63 others waits for 64 hashes: over autocannon's default of 10 s
        // on a slow day, and a queue is no failure.
        timeout: 60,
        // Each connection keeps one body (one account) from its first request to its last.
        setupClient: (client) => {
          const connection = next++ % load.bodies.length;
          let current = load.bodies[connection]!;
          if (!load.follow) return client.setBody(current);
          const follow = load.follow;
          client.setRequests([
            {
              setupRequest: (request) => ({ ...request, body: current }),
              onResponse: (_status, answer) => {
                const following = follow(answer, connection);
                if (following === null) refused++;
                else current = following;
              },
            },
          ]);
        },
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, milliseconds) => times.push(milliseconds));
  });
  times.sort((a, b) => a - b);
  // Nearest rank: the smallest time that this share of the responses did not exceed.
  const percentile = (share: number) => times[Math.max(0, Math.ceil(share * times.length) - 1)] ?? Number.NaN;
  const failed = result.non2xx + result.errors + result.timeouts + refused;
  if (failed > 0) throw new Error(`${failed} of ${result.requests.total} requests to ${load.url} failed`);
  // Answers completed in the window, over the window: a request still running at its end is not counted.
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: percentile(0.5),
    p99: percentile(0.99),
    requests: result.requests.total,
  };
}

export const median = (values: number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export interface Pairs {
  first: number[];
  second: number[];
  /** second / first, pair by pair. */
  ratios: number[];
  median: number;
}

/**
 * `pairs` pairs of two measurements, after one unrecorded pair of warm-up; the side that goes
 * first alternates, so a drift in the machine's load falls on both alike.
 */
export async function alternate(pairs: number, first: () => Promise<number>, second: () => Promise<number>): Promise<Pairs> {
  await first();
  await second();
  const result: Pairs = { first: [], second: [], ratios: [], median: 0 };
  for (let pair = 0; pair < pairs; pair++) {
    const [a, b] = pair % 2 ? [await second(), await first()].reverse() : [await first(), await second()];
    result.first.push(a!);
    result.second.push(b!);
    result.ratios.push(b! / a!);
  }
  result.median = median(result.ratios);
  return result;
}
