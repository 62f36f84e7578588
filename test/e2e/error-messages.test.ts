import { describe, expect, it } from 'vitest';
import { sqliteBackend } from '../support/databases.ts';
import { expectNoSecrets } from '../support/secrets.ts';
import { serverForSuite } from '../support/server.ts';

const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes!' };
const SIGN_IN = 'mutation ($i: UserCredentialsInput!) { signIn(input: $i) { __typename } }';
const secret = 'hunter2-secret';
const messages = (body: { errors?: { message: string }[] }) => body.errors?.map((error) => error.message);
const variableError = (at: string, reason: string) => `Variable "$i" got an invalid value${at}; ${reason}`;

describe('error messages in production', () => {
  const suite = serverForSuite(sqliteBackend.create, production);

  it('carry no "Did you mean" and do not quote the submitted variable back', async () => {
    const response = await suite.server.graphql(SIGN_IN, { i: { emial: 'a@b.co', password: secret } });
    expect(response.status).toBe(400);
    expect(messages(response.body)).toEqual([
      variableError('', 'Field "email" of required type "String!" was not provided.'),
      variableError('', 'Field "emial" is not defined by type "UserCredentialsInput".'),
    ]);
  });

  it('do not quote a value of the wrong type back, from variables or from the document', async () => {
    const typed = await suite.server.graphql(SIGN_IN, { i: { email: 'a@b.co', password: 12345678 } });
    expect(messages(typed.body)).toEqual([variableError(' at "i.password"', 'String cannot represent a non string value.')]);
    const literal = await suite.server.graphql('mutation { signIn(input: {email: "a@b.co", password: 98765432}) { __typename } }');
    expect(messages(literal.body)).toEqual(['String cannot represent a non string value.']);
    expect(JSON.stringify([typed.body, literal.body])).not.toMatch(/12345678|98765432/);
  });

  it('answer 4,300 unknown fields (95 KB) in a few hundred bytes, before coercing them', async () => {
    const input: Record<string, string> = { email: 'a@b.co', password: secret };
    for (let i = 0; i < 4300; i++) input[`f${i}`] = 'yyyyyyyyyyyy';
    const response = await suite.server.graphql(SIGN_IN, { i: input });
    expect(response.body).toEqual({
      errors: [{ message: 'Variables may hold at most 100 fields and list items.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(suite.server.responses.at(-1)!.length).toBeLessThan(200);
  });

  it('send at most ten errors, and cut a long name short', async () => {
    const input: Record<string, string> = { email: 'a@b.co', password: secret, [`x${'y'.repeat(10_000)}`]: 'z' };
    for (let i = 0; i < 30; i++) input[`f${i}`] = 'y';
    const response = await suite.server.graphql(SIGN_IN, { i: input });
    const sent = messages(response.body)!;
    expect(sent).toHaveLength(11);
    expect(sent[0]).toBe(variableError('', `Field "x${'y'.repeat(63)}…" is not defined by type "UserCredentialsInput".`));
    expect(sent[10]).toBe('21 more errors left out.');
    expect(suite.server.responses.at(-1)!.length).toBeLessThan(4096);
  });

  it('logged and answered no password and no hash', () => {
    expectNoSecrets([suite.server], [secret]);
  });
});

describe('error messages in development', () => {
  const suite = serverForSuite(sqliteBackend.create);

  it('keep the suggestion, still without the submitted value', async () => {
    const response = await suite.server.graphql(SIGN_IN, { i: { emial: 'a@b.co', password: secret } });
    expect(messages(response.body)).toEqual([
      variableError('', 'Field "email" of required type "String!" was not provided.'),
      variableError('', 'Field "emial" is not defined by type "UserCredentialsInput". Did you mean "email"?'),
    ]);
    expect(suite.server.responses.at(-1)).not.toContain(secret);
  });
});
