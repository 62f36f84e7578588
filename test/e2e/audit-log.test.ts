import { describe, expect, it } from 'vitest';
import { emailHasher } from '../../src/infrastructure/credential-audit-sink.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sqliteBackend } from '../support/databases.ts';
import { ACTIVATE, CREATE_USER, DEACTIVATE, SIGN_IN } from '../support/operations.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite, startServer, testAuditHashKey } from '../support/server.ts';

const emailHash = emailHasher(testAuditHashKey);

describe('audit lines', () => {
  const suite = serverForSuite(sqliteBackend.create, { AUTH_MAX_FAILURES_PER_EMAIL: '2' });
  const auditLines = () =>
    suite.server.logs
      .map((line) => JSON.parse(line))
      .filter((line) => line.audit === true)
      .map(({ time, pid, hostname, ...line }) => line);

  it('writes one line per credential mutation: action, outcome, user id or email hash, address, request id', async () => {
    const ada = { email: 'Ada@Doe.com', password: 'correct horse battery' };
    const created = await suite.server.graphql(CREATE_USER, { input: { ...ada, name: 'Ada', surname: 'Lovelace' } });
    const id = created.body.data.createUser.id;
    const steps = [
      [CREATE_USER, { ...ada, name: 'Ada', surname: 'Lovelace' }],
      [SIGN_IN, ada],
      [ACTIVATE, { email: 'nobody@doe.com', password: 'correct horse battery' }],
      [ACTIVATE, { ...ada, password: 'wrong horse battery' }],
      [ACTIVATE, ada],
      [SIGN_IN, ada],
      [DEACTIVATE, { ...ada, password: 'wrong horse battery' }],
      [DEACTIVATE, { ...ada, password: 'wrong horse battery' }],
      [DEACTIVATE, { ...ada, password: 'wrong horse battery' }],
    ] as const;
    for (const [document, input] of steps) await suite.server.graphql(document, { input });
    const account = { userId: id };
    const unknown = (email: string) => ({ emailHash: emailHash(email) });
    const line = (action: string, outcome: string, subject: object) => ({
      level: 30,
      msg: 'audit',
      audit: true,
      requestId: expect.any(String),
      action,
      outcome,
      ...subject,
      clientAddress: '127.0.0.1',
    });
    expect(auditLines()).toEqual([
      line('createUser', 'User', account),
      line('createUser', 'EmailTakenError', unknown('ada@doe.com')),
      line('signIn', 'UserInactiveError', account),
      line('activate', 'UserNotFoundError', unknown('nobody@doe.com')),
      line('activate', 'InvalidCredentialsError', account),
      line('activate', 'User', account),
      line('signIn', 'SignInPayload', account),
      line('deactivate', 'InvalidCredentialsError', account),
      line('deactivate', 'InvalidCredentialsError', account),
      line('deactivate', 'TooManyAttemptsError', unknown('ada@doe.com')),
    ]);
    expectNoSecrets([suite.server], [ada.password, 'wrong horse battery']);
    const token = suite.server.responses.flatMap((text) => JSON.parse(text).data?.signIn?.token ?? []);
    expect(token).toHaveLength(1);
    expect(auditLines().filter((line) => JSON.stringify(line).includes(token[0]))).toEqual([]);
  });

  it("carries the request's id, as the client sent it", async () => {
    const input = { email: 'grace@doe.com', password: 'correct horse battery', name: 'Grace', surname: 'Hopper' };
    await suite.server.graphql(CREATE_USER, { input }, { 'x-request-id': 'audit-42' });
    expect(auditLines().filter((line) => line.requestId === 'audit-42')).toEqual([
      expect.objectContaining({ action: 'createUser', outcome: 'User' }),
    ]);
  });

  it('tells a validation failure apart, and names no one when the email is malformed', async () => {
    await suite.server.graphql(SIGN_IN, { input: { email: 'not an email', password: 'x' } });
    expect(auditLines().at(-1)).toEqual(
      expect.objectContaining({ action: 'signIn', outcome: 'ValidationError', emailHash: emailHash('not an email') }),
    );
  });
});

describe('the email hash of the audit lines', () => {
  const suite = serverForSuite(sqliteBackend.create);
  const cleanups = cleanupsAfterEach();
  const hashOfLastLine = (logs: string[]) =>
    logs
      .map((line) => JSON.parse(line))
      .filter((line) => line.audit === true)
      .at(-1)?.emailHash;

  it('keeps its key (AUDIT_HASH_KEY) when JWT_SECRET is rotated: lines from before and after match', async () => {
    const attempt = { input: { email: 'Nobody@Doe.com', password: 'correct horse battery' } };
    await suite.server.graphql(SIGN_IN, attempt);
    const before = hashOfLastLine(suite.server.logs);
    const rotated = await startServer({ DATABASE_URL: suite.database.url, JWT_SECRET: 'Zt5Qx8Wc2Vb7Nm4Lk1Jh9Gf3Ds6Ap0Oi8Uy5Tr2Ee7=' });
    cleanups.push(() => rotated.close());
    await rotated.graphql(SIGN_IN, attempt);
    expect(hashOfLastLine(rotated.logs)).toBe(before);
    expect(before).toBe(emailHash('nobody@doe.com'));
  });
});
