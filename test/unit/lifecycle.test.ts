import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/lifecycle.ts';

describe('Lifecycle', () => {
  it('closes the last opened first, each once, and every one even when one fails', async () => {
    const lifecycle = new Lifecycle();
    const closed: string[] = [];
    lifecycle.onClose(() => closed.push('database'));
    lifecycle.onClose(async () => {
      closed.push('rate-limit store');
      throw new Error('the store hung up');
    });
    lifecycle.onClose(async () => void closed.push('server'));
    await expect(lifecycle.close()).rejects.toThrow('the store hung up');
    expect(closed).toEqual(['server', 'rate-limit store', 'database']);
    await lifecycle.close();
    expect(closed).toHaveLength(3);
  });
});
