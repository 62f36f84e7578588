import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { patienceMs } from './patience.ts';

/**
 * Runs one operation of the document open in GraphiQL, picked by name from the execute button's
 * menu; answers what the response pane then shows, once it shows `field`, and the request's
 * Authorization header.
 */
export async function runInGraphiQL(page: Page, operationName: string, field: string) {
  const sent = page.waitForRequest((request) => request.postDataJSON()?.operationName === operationName);
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-dropdown-item', { hasText: new RegExp(`^${operationName}$`) }).click();
  const request = await sent;
  // Without whitespace: the editor wraps a long token over indented lines. No value here holds a space.
  const shown = async () => {
    try {
      return JSON.parse((await page.locator('.graphiql-response').textContent())?.replace(/\s/g, '') ?? '');
    } catch {
      return null; // still loading
    }
  };
  await expect.poll(async () => Object.keys((await shown())?.data ?? {}), { timeout: patienceMs }).toEqual([field]);
  return { result: await shown(), authorization: await request.headerValue('authorization') };
}
