/**
 * An account's whole lifecycle through typed documents: create, activate, sign in, me (through a
 * session that refreshes its access token, session.ts), deactivate.
 *   node examples/client/lifecycle.ts [url] [email]
 * url: $API_URL or http://127.0.0.1:4000/graphql; email: a fresh one per run.
 * Each document below is typed by `npm run codegen` (see codegen.ts): its variables and its result.
 */
import { graphql } from './generated/gql.ts';
import type { FieldErrorCode } from './generated/graphql.ts';
import { request } from './request.ts';
import { createSession } from './session.ts';

const CreateUser = graphql(`
  mutation CreateUser($input: UserDetailsInput!) {
    createUser(input: $input) {
      __typename
      ... on User { email active }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path code } }
    }
  }
`);

const Activate = graphql(`
  mutation Activate($input: UserCredentialsInput!) {
    activate(input: $input) {
      __typename
      ... on User { email active }
      ... on Error { message }
    }
  }
`);

const SignIn = graphql(`
  mutation SignIn($input: UserCredentialsInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInPayload { accessToken accessTokenExpiresAt refreshToken user { email } }
      ... on Error { message }
    }
  }
`);

const Me = graphql(`
  query Me {
    me { name surname email active }
  }
`);

const Deactivate = graphql(`
  mutation Deactivate($input: UserCredentialsInput!) {
    deactivate(input: $input) {
      __typename
      ... on User { email active }
      ... on Error { message }
    }
  }
`);

/** Every error member of a result union implements `Error { message }`. */
interface ErrorResult {
  __typename: string;
  message: string;
  fieldErrors?: readonly { path: readonly string[]; code: FieldErrorCode }[];
}

/** Stop: a step answered something else than the lifecycle needs. */
function fail(step: string, answer: ErrorResult | null): never {
  const fields = answer?.fieldErrors?.map(({ path, code }) => `${path.join('.')}: ${code}`).join(', ');
  console.error(`${step} answered ${answer ? `${answer.__typename}: ${answer.message}` : 'null'}${fields ? ` (${fields})` : ''}`);
  process.exit(1);
}

// A request that fails outright (no server, a GraphQL error) ends the run with its message.
process.on('uncaughtException', (error) => {
  console.error(error.message);
  process.exit(1);
});

const [url = process.env.API_URL ?? 'http://127.0.0.1:4000/graphql', email = `ada.${Date.now()}@example.com`] = process.argv.slice(2);
const credentials = { email, password: 'correct horse' };

const { createUser } = await request(url, CreateUser, { input: { ...credentials, name: 'Ada', surname: 'Lovelace' } });
if (createUser.__typename !== 'User') fail('createUser', createUser);
console.log(`createUser → User ${createUser.email} active=${createUser.active}`);

const { activate } = await request(url, Activate, { input: credentials });
if (activate.__typename !== 'User') fail('activate', activate);
console.log(`activate → User ${activate.email} active=${activate.active}`);

async function signIn() {
  const { signIn } = await request(url, SignIn, { input: credentials });
  if (signIn.__typename !== 'SignInPayload') fail('signIn', signIn);
  return signIn;
}

const signedIn = await signIn();
// DateTime arrives as an ISO 8601 string (codegen.ts maps it to `string`).
const minutes = Math.ceil((Date.parse(signedIn.accessTokenExpiresAt) - Date.now()) / 60_000);
console.log(`signIn → SignInPayload for ${signedIn.user.email}, access token expires within ${minutes} min`);

const session = createSession({
  url,
  tokens: signedIn,
  signInAgain: signIn,
  onRefresh: (answer) => console.log(`refreshSession → ${answer.__typename}`),
});
const { me } = await session.request(Me, {}, (data) => data.me === null);
if (!me) fail('me', null);
console.log(`me → ${me.name} ${me.surname} <${me.email}> active=${me.active}`);

const { deactivate } = await request(url, Deactivate, { input: credentials });
if (deactivate.__typename !== 'User') fail('deactivate', deactivate);
console.log(`deactivate → User ${deactivate.email} active=${deactivate.active}`);
