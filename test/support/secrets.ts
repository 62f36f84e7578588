import { expect } from 'vitest';
import type { TestServer } from './server.ts';

/** Neither a password nor any argon2 hash in anything the servers logged or answered. */
export function expectNoSecrets(servers: TestServer[], passwords: string[]): void {
  const output = servers.flatMap((server) => [...server.logs, ...server.responses]);
  expect(output.length).toBeGreaterThan(0);
  for (const text of output) {
    expect(text).not.toContain('$argon2');
    for (const password of passwords) expect(text).not.toContain(password);
  }
}
