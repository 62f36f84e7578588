import { type Audit, type AuditResult, serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { serverForSuite } from '../support/server.ts';

const csrfRefusal = { status: 403, body: { errors: [{ message: 'Required CSRF header(s) not present' }] } };

/** An audit's result with the response it judged, read into plain values so a failing diff shows them. */
async function outcome(audit: Audit) {
  const result: AuditResult = await audit.fn();
  if (result.status === 'ok') return { id: result.id, status: result.status };
  const text = await result.response.text();
  return {
    id: result.id,
    status: result.status,
    reason: result.reason,
    response: { status: result.response.status, contentType: result.response.headers.get('content-type'), body: text },
  };
}

describe('GraphQL over HTTP (the graphql-http server audits)', () => {
  const suite = serverForSuite(sqliteBackend.create);
  const url = () => `${suite.server.origin}/graphql`;
  // The url is a function: the server's port is known only once beforeAll has run.
  const audits = serverAudits({ url });

  for (const audit of audits.filter(({ name }) => name.startsWith('MUST'))) {
    it(`${audit.id}: ${audit.name}`, async () => {
      expect(await outcome(audit)).toEqual({ id: audit.id, status: 'ok' });
    });
  }

  it('fails exactly these SHOULD and MAY audits, each for the reason given', async () => {
    const optional = audits.filter(({ name }) => !name.startsWith('MUST'));
    const failed = (await Promise.all(optional.map(outcome))).filter(({ status }) => status !== 'ok');
    const summary = failed.map(({ id, status, response }) => ({
      id,
      status,
      response: response && { status: response.status, body: JSON.parse(response.body) },
    }));
    expect(summary).toEqual([
      // All three are GETs with no custom header, which useCSRFPrevention refuses: a page on any
      // site could send one with no preflight. A client adds `x-graphql-yoga-csrf` (test below).
      { id: '5A70', status: 'notice', response: csrfRefusal }, // MAY accept application/x-www-form-urlencoded formatted GET requests
      { id: 'D6D5', status: 'notice', response: csrfRefusal }, // MAY allow URL-encoded JSON {variables} in GETs, accepting graphql-response+json
      { id: '6A70', status: 'notice', response: csrfRefusal }, // MAY allow URL-encoded JSON {variables} in GETs, accepting application/json
    ]);
  });

  it('passes every audit, GETs included, for a client that sends the CSRF header', async () => {
    // Also shows that 9C48 (no mutation over GET) holds by itself, not only behind the CSRF 403.
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-graphql-yoga-csrf': '1' } });
    const results = await Promise.all(serverAudits({ url, fetchFn }).map(outcome));
    expect(results.filter(({ status }) => status !== 'ok')).toEqual([]);
  });
});
