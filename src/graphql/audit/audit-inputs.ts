import { z } from 'zod';
import { isUuid } from '../../domain/uuid.ts';
import { builder } from '../builder.ts';
import { failure } from '../shared/field-error-codes.ts';
import { isStorableInstant } from '../shared/storable-values.ts';
import { AuditEventTypeEnum } from './audit-event.ts';

// Every id the service hands out is a UUID: anything else is a client's mistake, told as one
// (PostgreSQL would refuse it in a uuid column rather than find nothing).
const anId = { schema: z.string().refine(isUuid, failure('INVALID_ID', 'Must be a UUID')) };
// DateTime takes year 0000, which PostgreSQL's timestamptz has not: refused, not a 500 (it takes none past 9999).
const anInstant = { schema: z.date().refine(isStorableInstant, failure('OUT_OF_RANGE', 'Must be in the year 0001 or later')) };

export const AuditEventFilterInput = builder.inputType('AuditEventFilter', {
  description: 'Which audit events to list; every condition given must hold.',
  fields: (t) => ({
    userId: t.id({ required: false, description: 'Events of this account (a deleted one too).', validate: anId }),
    actorId: t.id({ required: false, description: "Events this user or admin caused, on their own account or others'.", validate: anId }),
    types: t.field({ type: [AuditEventTypeEnum], required: false, description: 'Events of these kinds only; an empty list matches none.' }),
    since: t.field({ type: 'DateTime', required: false, description: 'Events that occurred at this time or later.', validate: anInstant }),
    until: t.field({
      type: 'DateTime',
      required: false,
      description: 'Events that occurred before this time (exclusive).',
      validate: anInstant,
    }),
  }),
});
