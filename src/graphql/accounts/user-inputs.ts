import { z } from 'zod';
import { parseEmail } from '../../domain/email.ts';
import { InvalidValueError } from '../../domain/errors.ts';
import { acceptedPassword } from '../../domain/password-policy.ts';
import { parsePersonName } from '../../domain/person-name.ts';
import * as textRules from '../../domain/text-rules.ts';
import { builder } from '../builder.ts';
import { failure } from '../shared/field-error-codes.ts';

// The domain's text rules as zod's `.refine(...rule)` takes them, for inputs that are no user's
// value (a suspension reason, a filter, a password to check): its code beside its message.
const refinement = (rule: textRules.TextRule) => [rule.holds, failure(rule.code, rule.message)] as const;
export const notEmpty = refinement(textRules.notEmpty);
export const atMost = (max: number) => refinement(textRules.atMost(max));
export const withoutControlCharacters = refinement(textRules.withoutControlCharacters);

/**
 * A rule the domain keeps (a name's, an email's, a new password's), checked by the domain itself:
 * its refusal becomes the field's issue, with the domain's code and message. Skipped once the
 * field has an issue (a lone surrogate), which is the one reported.
 */
const domainRule = (check: (text: string) => unknown) =>
  z.superRefine<string>(
    (text, ctx) => {
      try {
        check(text);
      } catch (error) {
        if (!(error instanceof InvalidValueError)) throw error;
        ctx.addIssue({ code: 'custom', ...failure(error.code, error.message) });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  );

/**
 * Every text input, first: a lone surrogate cannot be stored or hashed as sent (it becomes U+FFFD,
 * so "\ud800…" and "\ufffd…" would be one password).
 */
export const text = () =>
  z.string().refine((value) => value.isWellFormed(), failure('NOT_WELL_FORMED', 'Must be well-formed Unicode (no lone surrogates)'));

// Trimmed here too, for the resolver: the domain checks (and keeps) names and emails trimmed.
export const email = text().trim().check(domainRule(parseEmail));
export const personName = text().trim().check(domainRule(parsePersonName));
export const newPassword = text().check(domainRule(acceptedPassword));
// Only a presence check: passwords set under an older policy must still work.
export const passwordToCheck = text()
  .refine(...notEmpty)
  .refine(...atMost(128));

export const UserCredentialsInput = builder.inputType('UserCredentialsInput', {
  description: 'An email and its password, to prove who you are.',
  fields: (t) => ({
    email: t.string({ description: 'Any case, spaces around allowed: compared trimmed and lower-cased.', validate: { schema: email } }),
    password: t.string({
      description: 'The password as set: only its presence and at most 128 characters are checked here.',
      validate: { schema: passwordToCheck },
    }),
  }),
});

export const UserDetailsInput = builder.inputType('UserDetailsInput', {
  description: 'A new account.',
  fields: (t) => ({
    email: t.string({
      description: 'A valid address of at most 254 characters; stored trimmed and lower-cased.',
      validate: { schema: email },
    }),
    password: t.string({ description: '8 to 128 characters, any Unicode, not a common password.', validate: { schema: newPassword } }),
    name: t.string({
      description: '1 to 100 characters once trimmed, with no control characters and a visible letter or digit among them.',
      validate: { schema: personName },
    }),
    surname: t.string({ description: 'Like `name`.', validate: { schema: personName } }),
  }),
});
