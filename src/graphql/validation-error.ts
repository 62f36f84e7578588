import type { z } from 'zod';

export interface FieldError {
  path: string[];
  message: string;
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
      if (!byField.has(key)) byField.set(key, { path, message: issue.message });
    }
    return new ValidationError([...byField.values()]);
  }
}
