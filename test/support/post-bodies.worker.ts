import { parentPort, workerData } from 'node:worker_threads';
import type { BodyPosts, PostOutcome } from './client-thread.ts';

const posts = workerData as BodyPosts;
const chunk = new Uint8Array(64 * 1024).fill(0x20);

function body(): BodyInit {
  if (!posts.streamed) return new Uint8Array(posts.bytes).fill(0x20);
  let left = posts.bytes;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left <= 0) return controller.close();
      controller.enqueue(chunk.subarray(0, Math.min(left, chunk.length)));
      left -= chunk.length;
    },
  });
}

async function post(): Promise<PostOutcome> {
  try {
    const init = { method: 'POST', headers: posts.headers, body: body(), duplex: 'half' as const };
    const response = await fetch(posts.url, init);
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error: (error as { cause?: { code?: string } }).cause?.code ?? String(error) };
  }
}

const outcomes: PostOutcome[] = [];
for (let sent = 0; sent < posts.count; sent += posts.concurrency) {
  const wave = Math.min(posts.concurrency, posts.count - sent);
  outcomes.push(...(await Promise.all(Array.from({ length: wave }, post))));
}
parentPort?.postMessage(outcomes);
