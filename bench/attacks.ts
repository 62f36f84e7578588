/**
 * `npm run bench` (second part): attacks on a real server process at the production argon2 cost,
 * each with its measured outcome. Prints a Markdown table for BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { databaseBackends, type TestDatabase } from '../test/support/databases.ts';
import { ACTIVATE, CREATE_USER, SIGN_IN } from '../test/support/operations.ts';
import { spawnServer } from '../test/support/server.ts';

const password = 'correct horse battery';
const rows: string[] = [];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function server(environment: NodeJS.ProcessEnv, shared?: TestDatabase) {
  const database = shared ?? (await databaseBackends[0]!.create());
  const app = spawnServer(
    { DATABASE_URL: database.url, JWT_SECRET: 'A7tK2wQ9mZ4xR1vB8nC5yL3hJ6sF0dG2aE7uW4iO9lQ=', ...environment },
    { shipped: true },
  );
  const url = `${await app.origin}/graphql`;
  return {
    url,
    /** Sends a raw body; answers the status, the first typename or error, and the time taken. */
    async send(body: string) {
      const start = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body,
      });
      const text = await response.text();
      const took = performance.now() - start;
      const outcome = /"__typename":"(\w+)"/.exec(text)?.[1] ?? /"message":"([^"]{0,80})/.exec(text)?.[1] ?? text.slice(0, 60);
      return { status: response.status, outcome, took };
    },
    graphql(query: string, input: object) {
      return this.send(JSON.stringify({ query, variables: { input } }));
    },
    async user() {
      const email = `${randomUUID()}@bench.example`;
      await this.graphql(CREATE_USER, { email, password, name: 'At', surname: 'Tack' });
      await this.graphql(ACTIVATE, { email, password });
      return email;
    },
    async stop() {
      app.child.kill('SIGTERM');
      await app.exitCode;
      if (!shared) await database.drop();
    },
  };
}

function row(attack: string, outcome: string) {
  rows.push(`| ${attack} | ${outcome} |`);
}

const target = await server({});
const signIn = (alias: string) => `${alias}: signIn(input: {email: "x@bench.example", password: "x"}) { __typename }`;
const aliased = (count: number) =>
  JSON.stringify({ query: `mutation { ${Array.from({ length: count }, (_, i) => signIn(`a${i}`)).join(' ')} }` });
const oneHash = await target.graphql(SIGN_IN, { email: await target.user(), password: 'wrong password' });
row('one wrong password (reference: one argon2 verify at 64 MiB, t=3, p=4)', `${oneHash.outcome} in ${ms(oneHash.took)}`);
for (const count of [2, 15, 200]) {
  const result = await target.send(aliased(count));
  row(
    `${count} aliased signIn in one document`,
    `${result.status} "${result.outcome}" in ${ms(result.took)}: refused before execution, 0 hashes`,
  );
}
const deep = await target.send(
  JSON.stringify({ query: `{ __schema { types { fields { type ${'{ ofType '.repeat(14)}{ name }${' }'.repeat(14)} } } } }` }),
);
row('introspection 19 levels deep', `${deep.status} "${deep.outcome}" in ${ms(deep.took)}`);
const chain = Array.from({ length: 13 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
const bomb = await target.send(JSON.stringify({ query: `{ ...F0 } ${chain} fragment F13 on Query { me { id } }` }));
row('fragment bomb (2^13 copies of `me` in 60 tokens)', `${bomb.status} "${bomb.outcome}" in ${ms(bomb.took)}`);
const large = await target.send(`{"query":"{ me { id } }"${' '.repeat(1024 * 1024)}}`);
row('1 MiB request body', `${large.status} "${large.outcome}" in ${ms(large.took)}`);
const long = await target.graphql(SIGN_IN, { email: 'x@bench.example', password: 'p'.repeat(100_000) });
row('signIn with a 100,000-character password', `${long.outcome} in ${ms(long.took)}, no hashing`);

const victim = await target.user();
const guesses = [];
for (let i = 0; i < 50; i++) guesses.push(await target.graphql(SIGN_IN, { email: victim, password: `guess-${i}` }));
const locked = guesses.slice(5);
row(
  '50 password guesses on one account',
  `first 5: InvalidCredentialsError (median ${ms(median(guesses.slice(0, 5).map((g) => g.took)))}); ` +
    `next 45: ${[...new Set(locked.map((g) => g.outcome))].join(', ')} (median ${ms(median(locked.map((g) => g.took)))}, no hashing)`,
);
const right = await target.graphql(SIGN_IN, { email: victim, password });
row('the right password on that locked account', `${right.outcome} in ${ms(right.took)}`);
const bystander = await target.user();
const other = await target.graphql(SIGN_IN, { email: bystander, password });
row('another account signing in from the same address meanwhile', `${other.outcome} in ${ms(other.took)}`);
const spray = [];
for (let i = 0; i < 110; i++) spray.push(await target.graphql(SIGN_IN, { email: `${randomUUID()}@bench.example`, password }));
row(
  'password spraying: 110 unknown emails from the address that made the 6 failures above',
  `${spray.filter((s) => s.outcome === 'UserNotFoundError').length} UserNotFoundError, then ${spray.filter((s) => s.outcome === 'TooManyAttemptsError').length} TooManyAttemptsError (the 100 per 15 min address limit)`,
);
const signUps = [];
for (let i = 0; i < 60; i++) {
  signUps.push(await target.graphql(CREATE_USER, { email: `${randomUUID()}@bench.example`, password, name: 'F', surname: 'L' }));
}
row(
  '60 sign-ups from the address that signed up 3 users above, within the hour',
  `${signUps.filter((s) => s.outcome === 'User').length} User, ${signUps.filter((s) => s.outcome === 'TooManyAttemptsError').length} TooManyAttemptsError (refused in median ${ms(median(signUps.slice(-5).map((s) => s.took)))})`,
);
await target.stop();

// Second round (issue 7): concurrency, the HTTP edge, cross-site bodies, amplification.
const round2 = await server({});
const burstVictim = await round2.user();
const bystanderEmail = await round2.user();
const burst = Array.from({ length: 30 }, (_, i) => round2.graphql(SIGN_IN, { email: burstVictim, password: `burst-${i}` }));
const legit = round2.graphql(SIGN_IN, { email: bystanderEmail, password });
const burstOutcomes = await Promise.all(burst);
const count = (outcomes: { outcome: string }[], name: string) => outcomes.filter((o) => o.outcome === name).length;
row(
  '30 concurrent wrong signIn guesses on one account',
  `${count(burstOutcomes, 'InvalidCredentialsError')} InvalidCredentialsError (verified), ${count(burstOutcomes, 'TooManyAttemptsError')} TooManyAttemptsError (not hashed)`,
);
const legitAnswer = await legit;
row('a legitimate signIn of another account during that burst', `${legitAnswer.outcome} in ${ms(legitAnswer.took)}`);
const sprayBurst = await Promise.all(
  Array.from({ length: 150 }, () => round2.graphql(SIGN_IN, { email: `${randomUUID()}@bench.example`, password })),
);
row(
  '150 concurrent unknown emails from one address (limit 100, 31 failures already counted)',
  `${count(sprayBurst, 'UserNotFoundError')} UserNotFoundError, ${count(sprayBurst, 'TooManyAttemptsError')} TooManyAttemptsError`,
);
const port = Number(new URL(round2.url).port);
const hostStatus = await new Promise<string>((resolve) => {
  const socket = connect(port, '127.0.0.1', () =>
    socket.end(
      'POST /graphql HTTP/1.1\r\nHost: a b c\r\ncontent-type: application/json\r\ncontent-length: 24\r\nconnection: close\r\n\r\n{"query":"{ me { id } }"}',
    ),
  );
  let text = '';
  socket.on('data', (chunk) => (text += chunk));
  socket.on('close', () => resolve(`${text.split('\r\n')[0]}, body ${JSON.stringify(text.split('\r\n\r\n')[1])}`));
});
row('`Host: a b c`', hostStatus);
const form = await fetch(round2.url, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    query:
      'mutation { createUser(input: {email: "csrf@bench.example", password: "correct horse battery", name: "C", surname: "S"}) { __typename } }',
  }),
});
row('a mutation posted as a form (no preflight)', `${form.status} ${await form.text()}`);
const unknownFields: Record<string, string> = { email: 'a@bench.example', password };
for (let i = 0; i < 4300; i++) unknownFields[`f${i}`] = 'yyyyyyyyyyyy';
const amplification = JSON.stringify({
  query: 'mutation ($i: UserCredentialsInput!) { signIn(input: $i) { __typename } }',
  variables: { i: unknownFields },
});
const amplified = await Promise.all(
  Array.from({ length: 8 }, async () => {
    const start = performance.now();
    const response = await fetch(round2.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: amplification });
    return { bytes: (await response.text()).length, took: performance.now() - start };
  }),
);
row(
  `8 concurrent requests of ${Math.round(amplification.length / 1024)} KB with 4,300 unknown input fields`,
  `${amplified[0]!.bytes} bytes each, median ${ms(median(amplified.map((a) => a.took)))}`,
);
await round2.stop();

// Uniform errors after the argon2 cost went down (RFC 9106's second recommendation, then the OWASP minimum).
const costDatabase = await databaseBackends[0]!.create();
const oldCost = await server({}, costDatabase);
const oldAccount = await oldCost.user();
await oldCost.stop();
const owasp = { ARGON2_MEMORY_KIB: '19456', ARGON2_TIME_COST: '2', ARGON2_PARALLELISM: '1' };
const unlimited = { AUTH_MAX_FAILURES_PER_EMAIL: '100000', AUTH_MAX_FAILURES_PER_IP: '100000' };
const newCost = await server({ AUTH_UNIFORM_ERRORS: 'true', ...owasp, ...unlimited }, costDatabase);
const newAccount = await newCost.user();
const byKind = { unknown: [] as number[], oldHash: [] as number[], newHash: [] as number[] };
for (let i = 0; i < 20; i++) {
  byKind.unknown.push((await newCost.graphql(SIGN_IN, { email: `${randomUUID()}@bench.example`, password: 'wrong' })).took);
  byKind.oldHash.push((await newCost.graphql(SIGN_IN, { email: oldAccount, password: 'wrong' })).took);
  byKind.newHash.push((await newCost.graphql(SIGN_IN, { email: newAccount, password: 'wrong' })).took);
}
row(
  'AUTH_UNIFORM_ERRORS=true after ARGON2_* went from 64 MiB/t=3/p=4 to 19 MiB/t=2/p=1: 20 each',
  `medians: unknown email ${ms(median(byKind.unknown))}, account with an old hash ${ms(median(byKind.oldHash))}, account with a new hash ${ms(median(byKind.newHash))}`,
);
await newCost.stop();
await costDatabase.drop();

// Timing of unknown email vs wrong password, with the limits out of the way.
for (const uniform of ['false', 'true']) {
  const timing = await server({ AUTH_UNIFORM_ERRORS: uniform, AUTH_MAX_FAILURES_PER_EMAIL: '100000', AUTH_MAX_FAILURES_PER_IP: '100000' });
  const email = await timing.user();
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < 40; i++) {
    unknown.push((await timing.graphql(SIGN_IN, { email: `${randomUUID()}@bench.example`, password })).took);
    wrong.push((await timing.graphql(SIGN_IN, { email, password: 'wrong password' })).took);
  }
  const difference = (Math.abs(median(unknown) - median(wrong)) / median(wrong)) * 100;
  row(
    `AUTH_UNIFORM_ERRORS=${uniform}: 40 unknown-email vs 40 wrong-password signIns`,
    `median ${ms(median(unknown))} vs ${ms(median(wrong))}: ${difference.toFixed(1)}% apart`,
  );
  await timing.stop();
}

console.log('| attack | measured outcome |\n|---|---|');
console.log(rows.join('\n'));
