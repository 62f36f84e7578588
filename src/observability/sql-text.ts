/**
 * A statement with its string literals replaced by `?`. MikroORM inlines values into the SQL text,
 * and pg quotes them by doubling any quote inside, so one pattern finds them all.
 */
export function withoutLiterals(sql: string): string {
  return sql.replace(/(?:\bE)?'(?:[^']|'')*'/g, '?');
}
