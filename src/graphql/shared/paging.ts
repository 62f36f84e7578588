import { z } from 'zod';
import { failure } from './field-error-codes.ts';
import { ValidationError } from './validation-error.ts';

/** `first` or `last` of every connection: GraphQL's Int has already refused what is not an integer. */
export const pageSize = {
  schema: z
    .number()
    .refine((size) => size >= 1, failure('OUT_OF_RANGE', 'Must be at least 1'))
    .refine((size) => size <= 100, failure('OUT_OF_RANGE', 'Must be at most 100')),
};

/** A page is counted from one end: `first` and `last` together are refused, as Relay advises. */
export function refuseFirstWithLast(args: { first?: number | null | undefined; last?: number | null | undefined }): void {
  if (args.first != null && args.last != null) {
    throw new ValidationError([{ path: ['last'], message: 'Give first or last, not both', code: 'CONFLICTING_ARGUMENTS' }]);
  }
}
