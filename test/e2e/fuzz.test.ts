import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  execute,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLInputObjectType,
  getNamedType,
  getOperationAST,
  parse,
  printSchema,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCommonPassword } from '../../src/domain/password-policy.ts';
import { schema } from '../../src/graphql/schema.ts';
import { documentLimits } from '../../src/graphql/shared/document-limits.ts';
import { safeMessage } from '../../src/graphql/shared/safe-error-messages.ts';
import { sqliteBackend } from '../support/databases.ts';
import {
  anyText,
  emailText,
  mutationDocument,
  mutationShape,
  nameText,
  notAString,
  passwordText,
  queryDocument,
} from '../support/fuzz-arbitraries.ts';
import { ACTIVATE, CREATE_USER, DEACTIVATE, SIGN_IN } from '../support/operations.ts';
import { serverForSuite } from '../support/server.ts';

/** Runs per property: the default keeps the file near 30 s on two cores; FUZZ_RUNS=2000 hunts longer. */
const runs = Number(process.env.FUZZ_RUNS) || 200;
/**
 * The same inputs on every `npm test`, so CI is repeatable; FUZZ_SEED picks others (any integer),
 * and a failure prints the seed that reproduces it.
 */
const fuzzing = { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261123) };
const timeout = 30_000 + runs * 500;
const codePoints = (text: string) => [...text].length;

type Check = [holds: (value: string) => boolean, message: string, code: string];
type Rule = (value: string) => { message: string; code: string } | undefined;
const wellFormed: Check = [(value) => value.isWellFormed(), 'Must be well-formed Unicode (no lone surrogates)', 'NOT_WELL_FORMED'];
/** A field's checks in order, `wellFormed` first for all: the message and code of the first that fails, if any. */
const rules =
  (...checks: Check[]): Rule =>
  (value) => {
    const failed = [wellFormed, ...checks].find(([holds]) => !holds(value));
    return failed && { message: failed[1], code: failed[2] };
  };
// The rules of src/graphql/accounts/user-inputs.ts, restated. Lengths in code points, as zod counts them;
// what an address is, is zod's definition, which the rules name. Trimming keeps a string well-formed.
const trimmedFirst =
  (rule: Rule): Rule =>
  (value) =>
    rule(value.trim());
const email = trimmedFirst(
  rules(
    [(value) => codePoints(value) <= 254, 'Must be at most 254 characters', 'TOO_LONG'],
    [(value) => z.email().safeParse(value).success, 'Must be a valid email address', 'INVALID_EMAIL'],
  ),
);
const personName = trimmedFirst(
  rules(
    [(value) => value.length > 0, 'Must not be empty', 'EMPTY'],
    [(value) => codePoints(value) <= 100, 'Must be at most 100 characters', 'TOO_LONG'],
    [(value) => !/\p{Cc}/u.test(value), 'Must not contain control characters', 'CONTROL_CHARACTERS'],
    [(value) => !/[\u202a-\u202e\u2066-\u2069]/.test(value), 'Must not contain bidirectional control characters', 'BIDI_CONTROLS'],
    // Letters by category, but for the Hangul fillers, which are blank on screen.
    [
      (value) => /[\p{L}\p{N}]/u.test(value.replace(/[\u115f\u1160\u3164\uffa0]/g, '')),
      'Must contain a visible letter or digit',
      'INVISIBLE',
    ],
  ),
);
const atMost128: Check = [(value) => codePoints(value) <= 128, 'Must be at most 128 characters', 'TOO_LONG'];
const newPassword = rules([(value) => codePoints(value) >= 8, 'Must be at least 8 characters', 'TOO_SHORT'], atMost128, [
  (value) => !isCommonPassword(value),
  'This password is too common: choose one that is harder to guess',
  'COMMON_PASSWORD',
]);
const passwordToCheck = rules([(value) => value.length > 0, 'Must not be empty', 'EMPTY'], atMost128);
const credentials = { email, password: passwordToCheck };
const mutations = {
  createUser: { query: CREATE_USER, rules: { email, password: newPassword, name: personName, surname: personName } },
  activate: { query: ACTIVATE, rules: credentials },
  deactivate: { query: DEACTIVATE, rules: credentials },
  signIn: { query: SIGN_IN, rules: credentials },
};
type Mutation = keyof typeof mutations;
const mutationNames = Object.keys(mutations) as Mutation[];
const mutationField = (mutation: Mutation) => schema.getMutationType()!.getFields()[mutation]!;
const inputTypeOf = (mutation: Mutation) => getNamedType(mutationField(mutation).args[0]!.type) as GraphQLInputObjectType;

const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const instant = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const jwt = expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/);
const failure = (__typename: string, message: string) => ({ __typename, message });
interface Profile {
  email: string;
  name: string;
  surname: string;
  active: boolean;
}
// No mutation here makes an admin or suspends anyone: every user is a USER with no suspension.
// Nobody is signed in: a user's sessions are no one's to see.
const user = ({ email, name, surname, active }: Profile) => ({
  ...{ __typename: 'User', id: uuid, email, name, surname, active, role: 'USER', suspension: null },
  ...{ createdAt: instant, updatedAt: instant, sessions: failure('ForbiddenError', 'Only an admin may do this') },
});
/** The session a sign-in starts, from this suite's client (fetch says `node`) on the loopback address. */
const session = {
  ...{ __typename: 'Session', id: uuid, createdAt: instant, lastUsedAt: instant, expiresAt: instant, idleExpiresAt: instant },
  ...{ userAgent: 'node', ipAddress: '127.0.0.1', current: false },
};
const signedIn = {
  ...{ __typename: 'SignInPayload', token: jwt, expiresAt: instant, accessToken: jwt, accessTokenExpiresAt: instant },
  ...{ refreshToken: expect.stringMatching(/^[\w-]{70}$/), refreshTokenExpiresAt: instant, session },
};
/** What the service says anyway, field names included: a password found in it is no leak. */
const vocabulary = `${printSchema(schema)} null true false`;

describe('fuzzing every mutation and document on SQLite', () => {
  const unlimited = '1000000000';
  const suite = serverForSuite(sqliteBackend.create, {
    // Limits have suites of their own; here they would only hide what the input does.
    AUTH_MAX_FAILURES_PER_EMAIL: unlimited,
    AUTH_MAX_FAILURES_PER_IP: unlimited,
    CREATE_USER_MAX_PER_IP: unlimited,
    // Four 10k-character fields of 6-byte JSON escapes must reach GraphQL, not stop at 413.
    MAX_BODY_BYTES: String(1024 * 1024),
  });
  /** The users the server must hold, by normalised email, with the password in NFKC as it was hashed. */
  const accounts = new Map<string, Profile & { password: string }>();
  let usersCreated = 0;

  function expectUsersAsCreated() {
    const database = new Database(suite.database.url.slice('sqlite:'.length), { readonly: true });
    try {
      expect(database.prepare('select count(*) as count from users').get()).toEqual({ count: usersCreated });
    } finally {
      database.close();
    }
  }

  /** Sends one request and checks what must hold whatever was sent. */
  async function send(query: string, variables: object, headers: Record<string, string>, secrets: string[]) {
    const logged = suite.server.logs.length;
    const response = await suite.server.graphql(query, variables, headers);
    expect(response.status).toBeLessThan(500);
    for (const error of response.body.errors ?? []) {
      expect(error.message).not.toBe('Unexpected error.');
      expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    // As sent, or escaped as JSON once (a body, a log line) or twice (a message quoting a value).
    const forms = secrets.flatMap((secret) => {
      const escaped = JSON.stringify(secret);
      return [secret, escaped.slice(1, -1), JSON.stringify(escaped).slice(3, -3)];
    });
    for (const text of [suite.server.responses.at(-1)!, ...suite.server.logs.slice(logged)]) {
      expect(text).not.toContain('$argon2');
      for (const form of forms) expect(text).not.toContain(form);
    }
    return response;
  }

  /**
   * The submitted password, if finding it in the output can only mean a leak: four characters or
   * more, not blank, not in the service's own words, not part of another field the answer echoes.
   */
  function secretsOf(input: unknown): string[] {
    if (typeof input !== 'object' || input === null) return [];
    const { password, ...others } = input as Record<string, unknown>;
    if (typeof password !== 'string' || codePoints(password) < 4 || password.trim() === '') return [];
    const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
    const echoable = [vocabulary, ...Object.values(others).map(asText)];
    return echoable.some((text) => text?.includes(password)) ? [] : [password];
  }

  /** The whole result the rules and the accounts so far call for; the document selects from it. */
  function predict(mutation: Mutation, input: Record<string, string>) {
    const fieldErrors = Object.entries(mutations[mutation].rules).flatMap(([field, rule]) => {
      const failed = rule(input[field]!);
      return failed === undefined ? [] : [{ __typename: 'FieldError', path: ['input', field], ...failed }];
    });
    if (fieldErrors.length > 0) return { __typename: 'ValidationError', message: 'The input is invalid', fieldErrors };
    const key = input.email!.trim().toLowerCase();
    const account = accounts.get(key);
    if (mutation === 'createUser') {
      if (account) return failure('EmailTakenError', 'A user with this email already exists');
      return user({ email: key, name: input.name!.trim(), surname: input.surname!.trim(), active: false });
    }
    if (!account) return failure('UserNotFoundError', 'No user has this email');
    if (account.password !== input.password!.normalize('NFKC')) {
      return failure('InvalidCredentialsError', 'The email or password is incorrect');
    }
    if (mutation !== 'signIn') return user({ ...account, active: mutation === 'activate' });
    if (!account.active) return failure('UserInactiveError', 'The user must be activated first');
    return { ...signedIn, user: user(account) };
  }

  /** The accounts follow what the server answered, not what was predicted: one mismatch fails one step. */
  function record(mutation: Mutation, input: Record<string, string>, outcome: string | undefined) {
    if (outcome !== 'User') return;
    const key = input.email!.trim().toLowerCase();
    if (mutation !== 'createUser') {
      accounts.get(key)!.active = mutation === 'activate';
      return;
    }
    usersCreated += 1;
    const profile = { email: key, name: input.name!.trim(), surname: input.surname!.trim(), active: false };
    accounts.set(key, { ...profile, password: input.password!.normalize('NFKC') });
  }

  const accept = fc.constantFrom('application/json', 'application/graphql-response+json');
  const requestErrorStatus = (acceptHeader: string) => (acceptHeader === 'application/json' ? 200 : 400);
  const stepOf = (mutation: Mutation) =>
    fc.record({
      mutation: fc.constant(mutation),
      account: fc.nat(),
      // Mostly null: the account's own, the email retyped with other case and spaces around.
      email: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, emailText),
      retyping: fc.record({ space: fc.constantFrom('', ' ', '\t', '\u00a0'), upper: fc.boolean() }),
      password: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, passwordText),
      shape: mutationShape(getNamedType(mutationField(mutation).type) as GraphQLCompositeType),
      accept,
    });
  const signUp = stepOf('createUser');
  const owner = fc.record({ email: emailText, password: passwordText, name: nameText, surname: nameText, signUp });
  const step = fc.oneof(...mutationNames.map(stepOf));
  /** Each run signs its accounts up first, so that the steps after find them (when their input was valid). */
  const ownersAndSteps = fc
    .tuple(fc.array(owner, { minLength: 1, maxLength: 3 }), fc.array(step, { minLength: 1, maxLength: 5 }))
    .map(([owners, steps]) => ({
      owners,
      steps: [...owners.map(({ signUp }, account) => ({ ...signUp, account, email: null, password: null })), ...steps],
    }));

  it(
    'answers every mutation, for any input and any selection, exactly as the rules and the stored users say',
    async () => {
      await fc.assert(
        fc.asyncProperty(ownersAndSteps, async ({ owners, steps }) => {
          for (const { mutation, shape, retyping, ...choice } of steps) {
            const owner = owners[choice.account % owners.length]!;
            const retyped = `${retyping.space}${retyping.upper ? owner.email.toUpperCase() : owner.email}${retyping.space}`;
            const credentials = { email: choice.email ?? retyped, password: choice.password ?? owner.password };
            const input = mutation === 'createUser' ? { ...credentials, name: owner.name, surname: owner.surname } : credentials;
            const document = mutationDocument(mutation, inputTypeOf(mutation).name, shape, input);
            const response = await send(document.query, document.variables, { accept: choice.accept }, secretsOf(input));
            const parseError = parseErrorOf(document.query);
            // Only a lone surrogate written into the document itself may stop it parsing.
            expect(parseError !== undefined).toBe(shape.inline && Object.values(input).some((value) => !value.isWellFormed()));
            if (parseError) {
              const errors = [requestError(parseError, 'GRAPHQL_PARSE_FAILED')];
              expect(response).toEqual({ status: requestErrorStatus(choice.accept), body: { errors } });
              continue;
            }
            const expected = predict(mutation, input);
            const [result] = Object.values(response.body.data ?? {}) as { outcome?: string }[];
            record(mutation, input, result?.outcome);
            expect(response).toEqual({ status: 200, body: document.expected(expected) });
          }
          expectUsersAsCreated();
        }),
        fuzzing,
      );
    },
    timeout,
  );

  /** The errors an input that is not a well-typed object must cause, as the server reads it from JSON. */
  function variableErrors(mutation: Mutation, sent: unknown) {
    const type = inputTypeOf(mutation);
    const variableError = (message: string | RegExp) => ({
      message: typeof message === 'string' ? message : expect.stringMatching(message),
      locations: [{ line: 1, column: 11 }],
    });
    const invalid = (reason: string, at = '') => variableError(`Variable "$input" got an invalid value${at}; ${reason}`);
    const unknownField = new RegExp(`^Variable "\\$input" got an invalid value; Field "[^]*" is not defined by type "${type}"\\.`);
    if (sent === undefined) return [variableError(`Variable "$input" of required type "${type}!" was not provided.`)];
    // NaN and Infinity arrive as null.
    const input = JSON.parse(JSON.stringify(sent)) as unknown;
    const limit = documentLimits.maxVariableValues;
    if (1 + valuesIn(input) > limit) {
      return [{ message: `Variables may hold at most ${limit} fields and list items.`, extensions: { code: 'BAD_REQUEST' } }];
    }
    if (input === null) return [variableError(`Variable "$input" of non-null type "${type}!" must not be null.`)];
    if (typeof input !== 'object' || Array.isArray(input)) return [invalid(`Expected type "${type}" to be an object.`)];
    const fields = Object.keys(type.getFields());
    return [
      ...fields.flatMap((field) => {
        const value = (input as Record<string, unknown>)[field];
        if (!Object.hasOwn(input, field)) return [invalid(`Field "${field}" of required type "String!" was not provided.`)];
        if (value === null) return [invalid('Expected non-nullable type "String!" not to be null.', ` at "input.${field}"`)];
        return typeof value === 'string' ? [] : [invalid('String cannot represent a non string value.', ` at "input.${field}"`)];
      }),
      // The unknown name is quoted back cut short, maybe with a suggestion: unit tests pin that wording.
      ...Object.keys(input)
        .filter((field) => !fields.includes(field))
        .map(() => variableError(unknownField)),
    ];
  }

  const unknownName = fc.string().filter((name) => !['email', 'password', 'name', 'surname'].includes(name));
  const corruption = fc.oneof(
    // A field of the input (by index: the two input types have different fields) of a wrong type, or left out.
    fc.record({ field: fc.nat(), value: fc.oneof(notAString, fc.constant(undefined)) }),
    fc.record({ field: unknownName, value: fc.oneof(anyText, notAString) }),
  );
  /** A well-formed input spoilt, or something other than an input object in its place. */
  const badInput = fc.oneof(
    { weight: 4, arbitrary: fc.record({ corruptions: fc.array(corruption, { minLength: 1, maxLength: 3 }) }) },
    fc.record({ whole: fc.oneof(fc.constant(undefined), notAString, anyText) }),
  );
  const strings = fc.record({ email: anyText, password: anyText, name: anyText, surname: anyText });

  it(
    'refuses wrong types, nulls, missing and extra fields in variables with GraphQL errors, before any resolver',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...mutationNames), strings, badInput, async (mutation, values, broken) => {
          let input: unknown = 'whole' in broken ? broken.whole : undefined;
          if ('corruptions' in broken) {
            const fields = Object.keys(inputTypeOf(mutation).getFields()) as (keyof typeof values)[];
            const spoilt: Record<string, unknown> = Object.fromEntries(fields.map((field) => [field, values[field]]));
            for (const { field, value } of broken.corruptions) {
              const name = typeof field === 'number' ? fields[field % fields.length]! : field;
              if (value === undefined) delete spoilt[name];
              else spoilt[name] = value;
            }
            input = spoilt;
          }
          const response = await send(mutations[mutation].query, input === undefined ? {} : { input }, {}, secretsOf(input));
          expect(response).toEqual({ status: 400, body: { errors: variableErrors(mutation, input) } });
          expectUsersAsCreated();
        }),
        fuzzing,
      );
    },
    timeout,
  );

  const authorization = fc.option(
    fc.oneof(
      fc.string({ unit: 'grapheme-ascii' }),
      fc.string({ unit: 'grapheme-ascii' }).map((token) => `Bearer ${token}`),
      fc.array(fc.base64String(), { minLength: 3, maxLength: 3 }).map((parts) => `Bearer ${parts.join('.').replace(/=/g, '')}`),
    ),
    { nil: undefined },
  );

  it(
    'answers any query over the schema, with any forged bearer token, with exactly its selection of a null `me`',
    async () => {
      await fc.assert(
        fc.asyncProperty(queryDocument, authorization, accept, async (document, bearer, acceptHeader) => {
          const headers = { accept: acceptHeader, ...(bearer === undefined ? {} : { authorization: bearer }) };
          const response = await send(document.query, document.variables, headers, []);
          expect(response).toEqual({ status: 200, body: document.expected });
        }),
        fuzzing,
      );
    },
    timeout,
  );

  const tokens = fc.constantFrom('{', '}', '(', ')', '...', ' on ', 'User', 'me', '$v0', '@skip', ':', '"', '#', 'query', 'mutation');
  const splice = fc.record({ at: fc.nat(), remove: fc.nat(6), insert: fc.oneof(tokens, fc.string({ maxLength: 3 })) });

  it(
    'answers a corrupted document exactly as graphql-js parses, validates and runs it',
    async () => {
      await fc.assert(
        fc.asyncProperty(queryDocument, splice, accept, async (document, { at, remove, insert }, acceptHeader) => {
          const position = at % (document.query.length + 1);
          const query = document.query.slice(0, position) + insert + document.query.slice(position + remove);
          const response = await send(query, document.variables, { accept: acceptHeader }, []);
          const parseError = parseErrorOf(query);
          // A document with no operation to run (a `#` before the only one) is refused before validation.
          if (!parseError && getOperationAST(parse(query)) === null) {
            return void expect(response).toEqual({ status: 400, body: { errors: [operationNotFound] } });
          }
          const errors = parseError
            ? [requestError(parseError, 'GRAPHQL_PARSE_FAILED')]
            : validate(schema, parse(query)).map((error) => requestError(error, 'GRAPHQL_VALIDATION_FAILED'));
          if (errors.length > 0) {
            return void expect(response).toEqual({ status: requestErrorStatus(acceptHeader), body: { errors } });
          }
          // Still valid: run here, with no bearer token, so `me` (and any admin field's scope check)
          // needs nothing from the context but a viewer that is no one.
          const variableValues = document.variables;
          const contextValue = { viewer: async () => null };
          const executed = await execute({ schema, document: parse(query), variableValues, contextValue });
          expect(response).toEqual({ status: 200, body: JSON.parse(JSON.stringify(executed)) });
        }),
        fuzzing,
      );
    },
    timeout,
  );
});

const operationNotFound = {
  message: 'Could not determine what operation to execute.',
  extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
};

/** Object fields and list items at every level, as the limit on variables counts them. */
const valuesIn = (value: unknown): number =>
  value === null || typeof value !== 'object' ? 0 : Object.values(value).reduce((count: number, item) => count + 1 + valuesIn(item), 0);

function parseErrorOf(query: string): GraphQLError | undefined {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}

/** graphql-js's error, in the words the service sends it in (no submitted value quoted back). */
const requestError = (error: GraphQLError, code: string) => ({
  message: safeMessage(error, true),
  ...(error.locations && { locations: error.locations }),
  extensions: { code },
});
