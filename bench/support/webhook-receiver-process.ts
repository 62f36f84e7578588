import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** A webhook receiver in a process of its own (it must not share a worker's event loop): 200 to everything, at once. */
export async function startReceiverProcess(): Promise<{ url: string; stop(): void }> {
  const code = `
    const server = require('node:http').createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200).end());
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${Number(String(chunk).trim())}/hooks`, stop: () => child.kill() };
}
