import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FaultProxy {
  /** Where clients connect instead of the target. */
  port: number;
  /** Drops every open connection and refuses new ones, as a database that went away. */
  cut(): Promise<void>;
  /** Drops every open connection, then accepts new ones but passes nothing on: a silent network. */
  stall(): Promise<void>;
  /** Passes connections on again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy on loopback in front of `target`, to cut a service off and bring it back mid-test. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  const server: Server = createServer((client) => {
    if (stalled) {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => {});
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A cut resets both ends; that is the point, not an error of the proxy.
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };

  const dropAll = () => {
    for (const socket of sockets) socket.resetAndDestroy();
  };
  return {
    port,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      dropAll();
      await closed;
    },
    async stall() {
      stalled = true;
      dropAll();
    },
    async restore() {
      if (stalled) dropAll();
      stalled = false;
      if (server.listening) return;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    async close() {
      dropAll();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
