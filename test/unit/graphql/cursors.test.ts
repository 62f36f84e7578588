import { describe, expect, it } from 'vitest';
import { userCursor } from '../../../src/graphql/admin/user-cursor.ts';
import { positionCursor } from '../../../src/graphql/shared/cursors.ts';
import { ValidationError } from '../../../src/graphql/shared/validation-error.ts';

const opaque = (content: unknown) => Buffer.from(JSON.stringify(content)).toString('base64url');
/** What decoding threw: the ValidationError's field errors. */
function refusalOf(decode: () => unknown) {
  try {
    decode();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error('Not refused');
}
const refusal = (list: string, argument = 'after') => [{ path: [argument], message: `Not a cursor of ${list}`, code: 'INVALID_CURSOR' }];

describe('the cursor codec', () => {
  const audit = positionCursor('audit', 'the audit trail');

  it('reads back what it wrote, and nothing for no cursor', () => {
    expect(audit.encode(42)).toBe(opaque(['audit', 42]));
    expect(audit.decode(audit.encode(42), 'after')).toBe(42);
    expect([audit.decode(null, 'after'), audit.decode(undefined, 'after')]).toEqual([undefined, undefined]);
  });

  it.each([
    ['another list’s', opaque(['webhook', 42])],
    ['a fraction', opaque(['audit', 1.5])],
    ['a negative', opaque(['audit', -1])],
    ['beyond 2^53', opaque(['audit', 2 ** 53])],
    ['a text', opaque(['audit', '42'])],
    ['one with a value added', opaque(['audit', 42, 1])],
    ['no JSON', 'bm90IGpzb24'],
  ])('refuses %s cursor as INVALID_CURSOR, naming the argument', (_, cursor) => {
    expect(refusalOf(() => audit.decode(cursor, 'before'))).toEqual(refusal('the audit trail', 'before'));
  });

  it('writes a user’s position as [order, key, id] and reads it back only in that order', () => {
    const position = { key: new Date('2026-01-02T03:04:05.678Z'), id: '0b5f6f2e-8a6b-4c8e-9d1e-2f3a4b5c6d7e' };
    const cursor = userCursor('CREATED_AT_ASC').encode(position);
    expect(cursor).toBe(opaque(['CREATED_AT_ASC', '2026-01-02T03:04:05.678Z', position.id]));
    expect(userCursor('CREATED_AT_ASC').decode(cursor, 'after')).toEqual(position);
    expect(refusalOf(() => userCursor('CREATED_AT_DESC').decode(cursor, 'after'))).toEqual(refusal('this list in this order'));
  });

  it('reads a user id in either case, as stored ids are, and refuses one that is no UUID', () => {
    const upper = opaque(['EMAIL_ASC', 'ada@doe.com', '0B5F6F2E-8A6B-4C8E-9D1E-2F3A4B5C6D7E']);
    expect(userCursor('EMAIL_ASC').decode(upper, 'after')).toEqual({ key: 'ada@doe.com', id: '0b5f6f2e-8a6b-4c8e-9d1e-2f3a4b5c6d7e' });
    expect(refusalOf(() => userCursor('EMAIL_ASC').decode(opaque(['EMAIL_ASC', 'ada@doe.com', 'ada']), 'after'))).toEqual(
      refusal('this list in this order'),
    );
  });
});
