/**
 * `npm run soak`: a bounded mixed load against a real server process at production settings on a
 * temporary SQLite file: sign-up flows (createUser, activate, signIn), `me` with their tokens, and
 * invalid requests (bad JSON, validation errors, wrong passwords, unknown fields).
 * Counts every outcome per request kind, samples the server's memory, and exits non-zero on any
 * unexpected answer (5xx, "Unexpected error.", a connection error, a wrong result), a server error
 * log line or an unclean exit. SOAK_SECONDS sets the length (default 180); traffic goes to
 * 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVATE, CREATE_USER, ME, SIGN_IN } from '../test/support/operations.ts';
import { type MemorySample, type Outcome, printMemory, printRequests, startServer, type Tally } from './soak-measures.ts';
import { productionSecrets } from './support/production-server.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 180);
// Two cores and ~100 ms per production hash: a few flows keep both hash slots busy, a few readers
// keep the event loop busy; 12 connections in all.
const flowWorkers = 6;
const readerWorkers = 6;
const password = 'correct horse battery';

const directory = mkdtempSync(join(tmpdir(), 'users-soak-'));
const server = startServer({
  NODE_ENV: 'production',
  DATABASE_URL: `sqlite:${directory}/app.db`,
  ...productionSecrets,
  TRUST_PROXY: 'loopback',
});
const origin = await server.origin;
if (!origin) throw new Error(`the server did not start: ${server.stderr()}`);
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
// The machine may be shared: its load says how far these figures are the server's own.
const loadAtStart = loadavg()[0]!;

const tallies = new Map<string, Tally>();
// biome-ignore lint: a response body is whatever JSON the server sent.
type Check = (status: number, body: any) => boolean;

/** Sends one request and counts its outcome under `kind`; answers the body when it was the expected one. */
// biome-ignore lint: see Check.
async function send(kind: string, expect: Check, body: string, headers: Record<string, string>): Promise<any> {
  // No request starts after the deadline: a flow cut short just stops.
  if (elapsed() >= seconds) return;
  const tally = tallies.get(kind) ?? { expected: 0, serverError: 0, masked: 0, connection: 0, other: 0, ms: [], examples: [] };
  tallies.set(kind, tally);
  const sent = performance.now();
  let outcome: Outcome = 'other';
  let answer = '';
  let parsed: unknown;
  try {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    tally.ms.push(performance.now() - sent);
    parsed = parseJson(text);
    if (response.status >= 500) outcome = 'serverError';
    else if (text.includes('Unexpected error.')) outcome = 'masked';
    else if (expect(response.status, parsed)) outcome = 'expected';
    answer = `${response.status} ${text}`;
  } catch (error) {
    outcome = 'connection';
    answer = String((error as Error).cause ?? error);
  }
  tally[outcome]++;
  if (outcome === 'expected') return parsed;
  if (tally.examples.length < 3) tally.examples.push(`${kind}: ${answer.slice(0, 300)}`);
}

function parseJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const graphql = (query: string, input: object) => JSON.stringify({ query, variables: { input } });
const typename =
  (field: string, name: string): Check =>
  (_, body) =>
    body?.data?.[field]?.__typename === name;
const errorSaying =
  (status: number, pattern: RegExp): Check =>
  (actual, body) =>
    actual === status && pattern.test(body?.errors?.[0]?.message);

let clients = 0;
/** A new simulated client: TRUST_PROXY=loopback believes this address, so each is limited on its own. */
function client(): Record<string, string> {
  const n = ++clients;
  return { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
}

const sessions: { email: string; token: string }[] = [];

async function signUpFlow() {
  const from = client();
  const email = `${randomUUID()}@soak.example`;
  const credentials = { email, password };
  const details = graphql(CREATE_USER, { ...credentials, name: 'Soak', surname: 'Test' });
  if (!(await send('createUser', typename('createUser', 'User'), details, from))) return;
  await send('createUser, email taken', typename('createUser', 'EmailTakenError'), details, from);
  await send('signIn before activation', typename('signIn', 'UserInactiveError'), graphql(SIGN_IN, credentials), from);
  await send('activate', typename('activate', 'User'), graphql(ACTIVATE, credentials), from);
  const wrong = graphql(SIGN_IN, { email, password: 'wrong password' });
  await send('signIn, wrong password', typename('signIn', 'InvalidCredentialsError'), wrong, from);
  const signedIn = await send('signIn', typename('signIn', 'SignInPayload'), graphql(SIGN_IN, credentials), from);
  if (signedIn) sessions.push({ email, token: signedIn.data.signIn.token });
}

/** One cheap request: mostly `me` with a token from a finished flow, else something invalid. */
function read() {
  const from = client();
  const session = sessions[Math.floor(Math.random() * sessions.length)];
  const me = JSON.stringify({ query: ME });
  const pick = Math.random();
  if (session && pick < 0.6) {
    const isTheirs: Check = (_, body) => body?.data?.me?.email === session.email;
    return send('me, with token', isTheirs, me, { ...from, authorization: `Bearer ${session.token}` });
  }
  if (session && pick < 0.7) {
    const forged = session.token.replace(/[^.]+$/, 'A'.repeat(43));
    return send('me, forged signature', (_, body) => body?.data?.me === null, me, { ...from, authorization: `Bearer ${forged}` });
  }
  if (pick < 0.8) return send('bad JSON', errorSaying(400, /./), '{"query": "{ me { id } }"', from);
  if (pick < 0.9) {
    const invalid = graphql(CREATE_USER, { email: 'not an email', password: 'short', name: ' ', surname: 'Test' });
    return send('createUser, invalid input', typename('createUser', 'ValidationError'), invalid, from);
  }
  if (pick < 0.95) {
    const extra = graphql(CREATE_USER, { email: `${randomUUID()}@soak.example`, password, name: 'A', surname: 'B', role: 'admin' });
    return send('createUser, unknown field', errorSaying(400, /"role" is not defined/), extra, from);
  }
  const unknown = graphql(SIGN_IN, { email: `${randomUUID()}@soak.example`, password });
  return send('signIn, unknown email', typename('signIn', 'UserNotFoundError'), unknown, from);
}

const samples: MemorySample[] = [server.sample(0)];
const running = () => server.child.exitCode === null && server.child.signalCode === null;
// A server that died has no /proc entry left to read; the crash is reported below.
const sample = () => running() && samples.push(server.sample(elapsed()));
const sampler = setInterval(sample, 2000);
const loop = (step: () => Promise<unknown>) => async () => {
  while (elapsed() < seconds) await step();
};
await Promise.all([...Array.from({ length: flowWorkers }, loop(signUpFlow)), ...Array.from({ length: readerWorkers }, loop(read))]);
clearInterval(sampler);
sample();
const crashed = !running();
server.child.kill('SIGTERM');
const exitCode = await server.exitCode;
rmSync(directory, { recursive: true, force: true });

const load = `1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`;
console.log(`\nSOAK_SECONDS=${seconds}: ${elapsed().toFixed(0)} s, ${flowWorkers} sign-up flows + ${readerWorkers} readers, ${load}\n`);
const unexpected = printRequests(tallies);
printMemory(samples, seconds);
console.log(
  `\nServer: ${crashed ? 'CRASHED during the load' : 'up throughout'}; exit code after SIGTERM ${exitCode}; ${server.errorLines.length} error log lines`,
);
for (const line of server.errorLines.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
if (server.stderr()) console.log(`stderr:\n${server.stderr().slice(0, 2000)}`);
process.exitCode = unexpected > 0 || crashed || exitCode !== 0 || server.errorLines.length ? 1 : 0;
