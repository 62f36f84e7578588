import { z } from 'zod';

/** The kinds of value the environment variables hold, shared by every section. */
export const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
export const positiveInt = z.coerce.number().int().positive();
export const port = z.coerce.number().int().min(0).max(65535);

/** `a, b,c` → `['a', 'b', 'c']`: blanks around and between entries ignored. */
export const commaList = z.string().transform((list) =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A broken rule that spans variables: the variable to fix, and why. */
export type Problem = [variable: string, problem: string];

// What the configuration reference and .env.example say of a variable (`npm run docs:config`),
// beside zod's own `description`, so the schema is their one source.
declare module 'zod' {
  interface GlobalMeta {
    /** The default in words, when it is not one plain value (computed, per environment, a list). */
    defaultText?: string;
    /** A value to show, commented out, in .env.example for a variable left unset by default. */
    example?: string;
  }
}
