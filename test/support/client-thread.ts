import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** `count` POSTs of `bytes` each to `url`, `concurrency` at a time; streamed: sent chunked, with no Content-Length. */
export interface BodyPosts {
  url: string;
  headers: Record<string, string>;
  bytes: number;
  streamed: boolean;
  count: number;
  concurrency: number;
}

/** What `fetch` gave back: the status and body it read, or the code of the error it threw instead. */
export type PostOutcome = { status: number; body: string } | { error: string };

/**
 * Makes the posts with `fetch` from a worker thread: a client with an event loop of its own, as every
 * real client has. Sharing the server's loop, undici read each early answer before its next write
 * could fail, which hid the resets these posts are for.
 */
export async function postFromClientThread(posts: BodyPosts): Promise<PostOutcome[]> {
  const worker = new Worker(new URL('./post-bodies.worker.ts', import.meta.url), { workerData: posts });
  const [outcomes] = await once(worker, 'message');
  return outcomes;
}
