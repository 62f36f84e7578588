import { randomUUID } from 'node:crypto';
import { type GraphQLInterfaceType, getNamedType, isLeafType, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { emailHasher } from '../../src/infrastructure/credential-audit-sink.ts';
import { type Account, clientOf, forbidden, invalid, notAuthenticated, password } from '../support/accounts.ts';
import { databaseBackends } from '../support/databases.ts';
import {
  CHANGE_PASSWORD,
  DEACTIVATE,
  DELETE_USER,
  REINSTATE_USER,
  SET_USER_ROLE,
  SIGN_IN,
  SIGN_OUT_EVERYWHERE,
  SUSPEND_USER,
  UPDATE_USER,
} from '../support/operations.ts';
import { serverForSuite, testAuditHashKey } from '../support/server.ts';

/** Every field of every event type, in one selection: the schema lets them sit side by side. */
const EVENT = `__typename id type occurredAt userId actor { kind id }
  ... on UserCreatedEvent { email name surname role }
  ... on UserUpdatedEvent { changed newName newSurname newEmail }
  ... on UserSuspendedEvent { reason until }
  ... on RoleChangedEvent { from to }
  ... on SignInFailedEvent { failureReason clientAddress emailHash }
  ... on SessionStartedEvent { sessionId userAgent ipAddress }
  ... on SessionEndedEvent { sessionId endReason }
  ... on RefreshTokenReusedEvent { sessionId ipAddress }`;
const CONNECTION = `... on AuditEventConnection {
  edges { cursor node { ${EVENT} } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
}`;
const FAILURE = '__typename ... on Error { message } ... on ValidationError { fieldErrors { path message code } }';
const AUDIT_EVENTS = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, last: $last, before: $before, filter: $filter) { ${FAILURE} ${CONNECTION} }
}`;
const USER_AUDIT_EVENTS = `query ($id: ID!, $first: Int, $after: String) {
  user(id: $id) { __typename ... on Error { message } ... on User { auditEvents(first: $first, after: $after) { ${FAILURE} ${CONNECTION} } } }
}`;
const MY_AUDIT_EVENTS = `query ($first: Int) { me { auditEvents(first: $first) { ${FAILURE} ${CONNECTION} } } }`;

const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const cursorOf = (content: unknown) => Buffer.from(JSON.stringify(content)).toString('base64url');
const notACursor = (argument: string) => invalid([argument], 'Not a cursor of the audit trail', 'INVALID_CURSOR');

// biome-ignore lint: an edge is whatever JSON the server sent.
type Edge = { cursor: string; node: any };
/** A connection as the server must answer it: the edges given, the flags, and the cursors of its ends. */
const pageOf = (edges: Edge[], hasPreviousPage: boolean, hasNextPage: boolean) => ({
  __typename: 'AuditEventConnection',
  edges,
  pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
});

type Actor = { kind: 'SELF' | 'ADMIN' | 'SYSTEM' | 'ANONYMOUS'; id: string | null };
const self = (account: Account): Actor => ({ kind: 'SELF', id: account.id });
const by = (admin: Account): Actor => ({ kind: 'ADMIN', id: admin.id });
/** An event as the EVENT selection reads it: the shared fields, then its type's own. */
const event = (type: string, userId: string | null, actor: Actor, own: object = {}) => ({
  ...{ __typename: `${type}Event`, id: uuid, type, occurredAt: iso, userId, actor },
  ...own,
});
const created = (account: Account) =>
  event('UserCreated', account.id, self(account), { email: account.email, name: 'Ada', surname: 'Lovelace', role: 'USER' });
/** The session a sign-in of this suite starts: from fetch (`User-Agent: node`), on the loopback address. */
const sessionStarted = (account: Account) =>
  event('SessionStarted', account.id, self(account), { sessionId: uuid, userAgent: 'node', ipAddress: '127.0.0.1' });
const signedUp = (account: Account) => [
  sessionStarted(account),
  event('UserSignedIn', account.id, self(account)),
  event('UserActivated', account.id, self(account)),
  created(account),
];

for (const backend of databaseBackends) {
  describe.skipIf(!backend.available)(`the audit trail over GraphQL on ${backend.name}`, () => {
    const suite = serverForSuite(backend.create);
    const client = clientOf(suite);
    const { call } = client;
    /** The scenario's actors, its whole trail newest first, and what it expects of it. */
    let admin: Account, carl: Account, ada: Account, bea: Account;
    let edges: Edge[];
    const scenario = {
      nobody: `${randomUUID()}@doe.com`,
      newEmail: `${randomUUID()}@doe.com`,
      newPassword: 'a new horse battery',
      until: '',
    };

    // The only writes of this suite: every test below reads this trail and nothing else.
    beforeAll(async () => {
      admin = await client.admin();
      carl = await client.account();
      ada = await client.account();
      bea = await client.account({ activated: false });
      const signIn = (email: string, secret: string) => suite.server.graphql(SIGN_IN, { input: { email, password: secret } });
      await signIn(ada.email, 'wrong password');
      await signIn(scenario.nobody, password);
      const changed = await call(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: scenario.newPassword } }, ada.token);
      expect((await call(SIGN_OUT_EVERYWHERE, {}, changed.token)).__typename).toBe('SignOutPayload');
      const input = { name: 'Augusta', surname: 'Lovelace', email: scenario.newEmail.toUpperCase() };
      expect((await call(UPDATE_USER, { id: ada.id, input }, admin.token)).name).toBe('Augusta');
      scenario.until = new Date(Date.now() + 86_400_000).toISOString();
      const suspension = { reason: 'Chargeback', until: scenario.until };
      expect((await call(SUSPEND_USER, { id: ada.id, input: suspension }, admin.token)).suspension.until).toBe(scenario.until);
      expect((await call(REINSTATE_USER, { id: ada.id }, admin.token)).suspension).toBeNull();
      expect((await call(SET_USER_ROLE, { id: bea.id, role: 'ADMIN' }, admin.token)).role).toBe('ADMIN');
      expect((await call(DELETE_USER, { id: bea.id }, admin.token)).__typename).toBe('DeletedUser');
      expect((await call(DEACTIVATE, { input: { email: scenario.newEmail, password: scenario.newPassword } })).active).toBe(false);
      const all = await call(AUDIT_EVENTS, { first: 100 }, admin.token);
      edges = all.edges;
    });
    const nodes = (of: Edge[]) => of.map(({ node }) => node);

    it('lists every event newest first, each as its own type with its typed payload', () => {
      const adasSession = nodes(edges).find((node) => node.type === 'SessionStarted' && node.userId === ada.id).sessionId;
      expect(nodes(edges)).toEqual([
        event('UserDeactivated', ada.id, self(ada)),
        event('UserDeleted', bea.id, by(admin)),
        event('RoleChanged', bea.id, by(admin), { from: 'USER', to: 'ADMIN' }),
        event('UserReinstated', ada.id, by(admin)),
        event('UserSuspended', ada.id, by(admin), { reason: 'Chargeback', until: scenario.until }),
        event('UserUpdated', ada.id, by(admin), {
          changed: ['NAME', 'EMAIL'],
          newName: 'Augusta',
          newSurname: null,
          newEmail: scenario.newEmail,
        }),
        // Her one session: kept by the password change (made in it), ended by signing out everywhere.
        event('SessionEnded', ada.id, self(ada), { sessionId: adasSession, endReason: 'SIGNED_OUT_EVERYWHERE' }),
        event('TokensRevoked', ada.id, self(ada)),
        event('PasswordChanged', ada.id, self(ada)),
        event(
          'SignInFailed',
          null,
          { kind: 'ANONYMOUS', id: null },
          {
            failureReason: 'UNKNOWN_EMAIL',
            clientAddress: '127.0.0.1',
            emailHash: emailHasher(testAuditHashKey)(scenario.nobody),
          },
        ),
        event(
          'SignInFailed',
          ada.id,
          { kind: 'ANONYMOUS', id: null },
          { failureReason: 'WRONG_PASSWORD', clientAddress: '127.0.0.1', emailHash: null },
        ),
        created(bea),
        ...signedUp(ada),
        ...signedUp(carl),
        event('RoleChanged', admin.id, { kind: 'SYSTEM', id: null }, { from: 'USER', to: 'ADMIN' }),
        ...signedUp(admin),
      ]);
      expect(new Set(nodes(edges).map(({ id }) => id)).size).toBe(edges.length);
      const times = nodes(edges).map(({ occurredAt }) => Date.parse(occurredAt));
      expect(times).toEqual(times.toSorted((a, b) => b - a));
      expect(JSON.stringify(edges)).not.toMatch(/argon2|horse/);
    });

    it('pages forward with first: 2 through all of it, and one empty page past the end', async () => {
      let after: string | undefined;
      for (let start = 0; start < edges.length; start += 2) {
        const page = await call(AUDIT_EVENTS, { first: 2, after }, admin.token);
        expect(page).toEqual(pageOf(edges.slice(start, start + 2), start > 0, start + 2 < edges.length));
        after = page.pageInfo.endCursor;
      }
      expect(await call(AUDIT_EVENTS, { first: 2, after }, admin.token)).toEqual(pageOf([], true, false));
    });

    it('pages backward with last: 2 from the oldest to the newest, and one empty page past the start', async () => {
      let before: string | undefined;
      for (let end = edges.length; end > 0; end -= 2) {
        const page = await call(AUDIT_EVENTS, { last: 2, before }, admin.token);
        expect(page).toEqual(pageOf(edges.slice(Math.max(0, end - 2), end), end > 2, end < edges.length));
        before = page.pageInfo.startCursor;
      }
      expect(await call(AUDIT_EVENTS, { last: 2, before }, admin.token)).toEqual(pageOf([], false, true));
    });

    it('turns back from any page to the one before it, and serves 20 unless told', async () => {
      const third = await call(AUDIT_EVENTS, { first: 3, after: edges[5]!.cursor }, admin.token);
      expect(third).toEqual(pageOf(edges.slice(6, 9), true, true));
      expect(await call(AUDIT_EVENTS, { last: 3, before: third.pageInfo.startCursor }, admin.token)).toEqual(
        pageOf(edges.slice(3, 6), true, true),
      );
      expect(await call(AUDIT_EVENTS, { before: edges[20]!.cursor }, admin.token)).toEqual(pageOf(edges.slice(0, 20), false, true));
      expect(await call(AUDIT_EVENTS, {}, admin.token)).toEqual(pageOf(edges.slice(0, 20), false, true));
      const between = { after: edges[2]!.cursor, before: edges[6]!.cursor };
      expect(await call(AUDIT_EVENTS, { first: 10, ...between }, admin.token)).toEqual(pageOf(edges.slice(3, 6), true, false));
    });

    it('filters by user (a deleted one too), actor, types, and time (since inclusive, until exclusive)', async () => {
      const filtered = async (filter: object) => call(AUDIT_EVENTS, { first: 100, filter }, admin.token);
      const where = (keep: (node: Edge['node']) => boolean) =>
        pageOf(
          edges.filter(({ node }) => keep(node)),
          false,
          false,
        );
      expect(await filtered({ userId: ada.id })).toEqual(where((node) => node.userId === ada.id));
      expect(await filtered({ userId: ada.id.toUpperCase() })).toEqual(where((node) => node.userId === ada.id));
      expect(nodes((await filtered({ userId: bea.id })).edges).map(({ type }) => type)).toEqual([
        'UserDeleted',
        'RoleChanged',
        'UserCreated',
      ]);
      // The admin's own doings, and what they did to others; not what the system did to them.
      const admins = await filtered({ actorId: admin.id });
      expect(admins).toEqual(where((node) => node.actor.id === admin.id));
      expect(nodes(admins.edges).map(({ type }) => type)).toEqual([
        ...['UserDeleted', 'RoleChanged', 'UserReinstated', 'UserSuspended', 'UserUpdated'],
        ...['SessionStarted', 'UserSignedIn', 'UserActivated', 'UserCreated'],
      ]);
      const types = ['RoleChanged', 'SignInFailed'];
      expect(await filtered({ types })).toEqual(where((node) => types.includes(node.type)));
      expect((await filtered({ types })).edges).toHaveLength(4);
      expect(await filtered({ types: [] })).toEqual(pageOf([], false, false));
      const since = edges[13]!.node.occurredAt; // PasswordChanged
      const until = edges[2]!.node.occurredAt; // RoleChanged of bea
      const inWindow = where((node) => node.occurredAt >= since && node.occurredAt < until);
      expect(await filtered({ since, until })).toEqual(inWindow);
      expect(nodes(inWindow.edges).map(({ type }) => type)).toContain('PasswordChanged');
      expect(nodes(inWindow.edges).map(({ type }) => type)).not.toContain('RoleChanged');
      expect(await filtered({ since })).toEqual(where((node) => node.occurredAt >= since));
      expect(await filtered({ until })).toEqual(where((node) => node.occurredAt < until));
      expect(await filtered({ since: until, until: since })).toEqual(pageOf([], false, false));
      // Explicit nulls are no condition, as left-out fields are.
      expect(await filtered({ userId: null, actorId: null, types: null, since: null, until: null })).toEqual(where(() => true));
    });

    it('combines filters, and pages within them', async () => {
      const filter = { userId: ada.id, actorId: admin.id, types: ['UserSuspended', 'UserReinstated', 'UserUpdated', 'PasswordChanged'] };
      const combined = await call(AUDIT_EVENTS, { first: 100, filter }, admin.token);
      expect(nodes(combined.edges).map(({ type }) => type)).toEqual(['UserReinstated', 'UserSuspended', 'UserUpdated']);
      expect(combined.edges).toEqual(edges.filter(({ node }) => node.userId === ada.id && node.actor.id === admin.id));
      const since = combined.edges[1].node.occurredAt;
      const recent = await call(AUDIT_EVENTS, { first: 100, filter: { ...filter, since } }, admin.token);
      expect(recent.edges).toEqual(combined.edges.filter(({ node }: Edge) => node.occurredAt >= since));
      const adas = edges.filter(({ node }) => node.userId === ada.id);
      const first = await call(AUDIT_EVENTS, { first: 4, filter: { userId: ada.id } }, admin.token);
      expect(first).toEqual(pageOf(adas.slice(0, 4), false, true));
      const second = await call(AUDIT_EVENTS, { first: 4, after: first.pageInfo.endCursor, filter: { userId: ada.id } }, admin.token);
      expect(second).toEqual(pageOf(adas.slice(4, 8), true, true));
      const back = await call(AUDIT_EVENTS, { last: 4, before: second.pageInfo.startCursor, filter: { userId: ada.id } }, admin.token);
      expect(back).toEqual(pageOf(adas.slice(0, 4), false, true));
    });

    it("serves a user's own trail as User.auditEvents, to admins only", async () => {
      const adas = edges.filter(({ node }) => node.userId === ada.id);
      const first = await call(USER_AUDIT_EVENTS, { id: ada.id, first: 5 }, admin.token);
      expect(first.auditEvents).toEqual(pageOf(adas.slice(0, 5), false, true));
      const second = await call(USER_AUDIT_EVENTS, { id: ada.id, first: 10, after: first.auditEvents.pageInfo.endCursor }, admin.token);
      expect(second.auditEvents).toEqual(pageOf(adas.slice(5), true, false));
      const admins = edges.filter(({ node }) => node.userId === admin.id);
      expect((await call(MY_AUDIT_EVENTS, {}, admin.token)).auditEvents).toEqual(pageOf(admins, false, false));
      // Not even a user's own: the trail is the admins'.
      expect(await call(MY_AUDIT_EVENTS, {}, carl.token)).toEqual({ auditEvents: forbidden });
      expect(await call(USER_AUDIT_EVENTS, { id: carl.id }, carl.token)).toEqual(forbidden);
    });

    it('answers NotAuthenticatedError without a valid token, and ForbiddenError to a USER', async () => {
      for (const token of [undefined, 'a.b.c']) expect(await call(AUDIT_EVENTS, { first: 1 }, token)).toEqual(notAuthenticated);
      expect(await call(AUDIT_EVENTS, { first: 1 }, carl.token)).toEqual(forbidden);
      expect(await call(AUDIT_EVENTS, { first: 1, filter: { userId: carl.id } }, carl.token)).toEqual(forbidden);
    });

    it('refuses page sizes out of 1–100, first with last, malformed cursors and ids with a ValidationError', async () => {
      const cases: [object, object][] = [
        [{ first: 0 }, invalid(['first'], 'Must be at least 1', 'OUT_OF_RANGE')],
        [{ first: 101 }, invalid(['first'], 'Must be at most 100', 'OUT_OF_RANGE')],
        [{ last: 101 }, invalid(['last'], 'Must be at most 100', 'OUT_OF_RANGE')],
        [{ first: 1, last: 1 }, invalid(['last'], 'Give first or last, not both', 'CONFLICTING_ARGUMENTS')],
        [{ after: 'not a cursor!' }, notACursor('after')],
        [{ before: '' }, notACursor('before')],
        [{ after: 'YXJyYXljb25uZWN0aW9uOjA=' }, notACursor('after')],
        // A cursor of the user list, and forged positions: negative, a fraction, text, beyond 2^53, extra.
        [{ after: cursorOf(['CREATED_AT_ASC', '2026-01-01T00:00:00.000Z', randomUUID()]) }, notACursor('after')],
        ...[-1, 1.5, '5', 2 ** 53, null].map((position): [object, object] => [
          { after: cursorOf(['audit', position]) },
          notACursor('after'),
        ]),
        [{ last: 1, before: cursorOf(['audit', 5, 6]) }, notACursor('before')],
        [{ filter: { userId: 'not-a-uuid' } }, invalid(['filter', 'userId'], 'Must be a UUID', 'INVALID_ID')],
        [{ filter: { actorId: '42' } }, invalid(['filter', 'actorId'], 'Must be a UUID', 'INVALID_ID')],
        // PostgreSQL has no year 0: refused on every backend alike.
        [
          { filter: { since: '0000-12-31T23:59:59.999Z' } },
          invalid(['filter', 'since'], 'Must be in the year 0001 or later', 'OUT_OF_RANGE'),
        ],
      ];
      for (const [variables, expected] of cases) expect(await call(AUDIT_EVENTS, variables, admin.token)).toEqual(expected);
      expect(await call(AUDIT_EVENTS, { first: 1, after: cursorOf(['audit', 0]) }, admin.token)).toEqual(pageOf([], true, false));
      const farthest = { since: '0001-01-01T00:00:00.000Z', until: '9999-12-31T23:59:59.999Z' };
      expect(await call(AUDIT_EVENTS, { first: 100, filter: farthest }, admin.token)).toEqual(pageOf(edges, false, false));
      // The largest position a cursor may hold is a bigint on PostgreSQL too: every event lies before it.
      expect(await call(AUDIT_EVENTS, { first: 100, after: cursorOf(['audit', 2 ** 53 - 1]) }, admin.token)).toEqual(
        pageOf(edges, false, false),
      );
      expect((await call(USER_AUDIT_EVENTS, { id: ada.id, first: 101 }, admin.token)).auditEvents).toEqual(
        invalid(['first'], 'Must be at most 100', 'OUT_OF_RANGE'),
      );
      expect((await call(USER_AUDIT_EVENTS, { id: ada.id, after: 'nope' }, admin.token)).auditEvents).toEqual(notACursor('after'));
    });
  });
}

describe('the audit event types', () => {
  it('let one query select every field of every event type, with no alias', () => {
    const events = schema.getType('AuditEvent') as GraphQLInterfaceType;
    const fragments = schema.getPossibleTypes(events).map((type) => {
      const fields = Object.values(type.getFields()).map((field) =>
        isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename }`,
      );
      return `... on ${type.name} { ${fields.join(' ')} }`;
    });
    expect(fragments).toHaveLength(15);
    const document = parse(`{ auditEvents { ... on AuditEventConnection { edges { node { ${fragments.join(' ')} } } } } }`);
    expect(validate(schema, document)).toEqual([]);
  });
});
