import type { z } from 'zod';
import type { FieldErrorCode } from './field-error-codes.ts';

export interface FieldError {
  path: string[];
  message: string;
  code: FieldErrorCode;
}

/** Input that fails the zod rules at the edge: one entry per offending field, with its first problem. */
export class ValidationError extends Error {
  readonly fieldErrors: FieldError[];

  constructor(fieldErrors: FieldError[]) {
    super('The input is invalid');
    this.fieldErrors = fieldErrors;
  }

  static fromZod(error: z.ZodError): ValidationError {
    const byField = new Map<string, FieldError>();
    for (const issue of error.issues) {
      const path = issue.path.map(String);
      const key = path.join('.');
      if (!byField.has(key)) byField.set(key, { path, message: issue.message, code: codeOf(issue) });
    }
    return new ValidationError([...byField.values()]);
  }
}

/** Every rule is a refinement that names its code (see `failure`): an issue without one is a bug, not a client's mistake. */
function codeOf(issue: z.core.$ZodIssue): FieldErrorCode {
  const code = issue.code === 'custom' ? (issue.params?.code as FieldErrorCode | undefined) : undefined;
  if (code === undefined) throw new Error(`A zod rule without a FieldErrorCode failed at ${issue.path.join('.')}: ${issue.code}`);
  return code;
}
