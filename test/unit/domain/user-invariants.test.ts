import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/domain/errors.ts';
import { User } from '../../../src/domain/user.ts';
import { selfActor, systemActor } from '../../../src/domain/user-events.ts';

const details = { name: 'John', surname: 'Doe', email: 'john@doe.com', passwordHash: '$argon2id$hash' };

/** What the domain answered: the refusal's class, code and message, or `accepted`. */
function outcome(make: () => unknown) {
  try {
    make();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    return { code: error.code, message: error.message };
  }
}

const refusals = [
  ['an empty name', { name: '' }, 'EMPTY', 'Must not be empty'],
  ['a blank surname', { surname: ' \t ' }, 'EMPTY', 'Must not be empty'],
  ['a name of 101 characters', { name: 'a'.repeat(101) }, 'TOO_LONG', 'Must be at most 100 characters'],
  ['a name with a newline', { name: 'John\nDoe' }, 'CONTROL_CHARACTERS', 'Must not contain control characters'],
  ['a name that reorders text', { name: 'John\u202eexe.doc' }, 'BIDI_CONTROLS', 'Must not contain bidirectional control characters'],
  ['a name of Hangul fillers', { surname: '\u3164\u3164' }, 'INVISIBLE', 'Must contain a visible letter or digit'],
  ['a bad email', { email: 'john@doe' }, 'INVALID_EMAIL', 'Must be a valid email address'],
  ['an email of 255 characters', { email: `${'a'.repeat(247)}@doe.com` }, 'TOO_LONG', 'Must be at most 254 characters'],
] as const;

describe('User: the rules of a valid user, kept by the aggregate', () => {
  it.each(refusals)(
    'refuses to be created with %s: InvalidValueError, the code and message the edge answers',
    (_, change, code, message) => {
      expect(outcome(() => new User({ ...details, ...change }))).toEqual({ code, message });
    },
  );

  it.each(refusals)('refuses an update to %s, and changes nothing (all fields checked first)', (_, change, code, message) => {
    const user = new User(details);
    user.clearRecordedEvents();
    const before = { ...user };
    expect(outcome(() => user.update({ name: 'Johnny', ...change }, selfActor(user.id)))).toEqual({ code, message });
    expect({ ...user }).toEqual(before);
    expect(user.recordedEvents()).toEqual([]);
  });

  it('keeps names trimmed and the email normalised, at 100 and 254 characters too', () => {
    const email = `${'A'.repeat(245)}@doe.com`;
    const user = new User({ ...details, name: ` ${'é'.repeat(100)} `, surname: ' Doe\t', email: ` ${email} ` });
    expect([user.name, user.surname, user.email]).toEqual(['é'.repeat(100), 'Doe', email.toLowerCase()]);
  });

  it('restores a stored user as stored, even one a newer rule would refuse', () => {
    const stored = { ...new User(details), name: 'Old\u202erule' };
    expect(User.restore(stored)).toEqual(stored);
    expect(User.restore(stored)).toBeInstanceOf(User);
  });

  it('is changed only through its methods, each naming who acts (checked by tsc: every line below must be refused)', () => {
    const tamper = (user: User) => {
      // @ts-expect-error: the role changes through setRole, which records RoleChanged
      user.role = 'ADMIN';
      // @ts-expect-error: storage bumps the version
      user.version += 1;
      // @ts-expect-error: no admin method names the system unless told
      user.setRole('USER');
      // @ts-expect-error: nor does a user's own
      user.deactivate();
      user.setRole('USER', systemActor);
    };
    expect(tamper).toBeInstanceOf(Function);
  });
});
