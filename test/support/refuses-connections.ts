import { connect } from 'node:net';

/** Whether a new TCP connection to the server is refused: it has stopped listening. */
export const refusesConnections = (origin: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error) => resolve((error as NodeJS.ErrnoException).code === 'ECONNREFUSED'));
  });
