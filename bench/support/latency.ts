/**
 * The latency of one request at a time, over a kept-alive connection, timed here to the
 * microsecond (autocannon's percentiles are whole milliseconds: too coarse for a 1 ms read).
 */
import { Agent, request } from 'node:http';

export async function medianLatencyMs(url: string, body: string, headers: Record<string, string>, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  try {
    while (performance.now() < deadline) {
      const started = performance.now();
      const status = await send(agent, url, body, headers);
      times.push(performance.now() - started);
      if (status !== 200) throw new Error(`${url} answered ${status}`);
    }
  } finally {
    agent.destroy();
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

function send(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
