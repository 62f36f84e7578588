/** A GraphQL request from the bench: the `data` of the answer, or an error naming what came back. */
export async function graphql(url: string, query: string, variables: object = {}, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Record<string, unknown> };
  if (!result.data) throw new Error(`${url} answered ${JSON.stringify(result).slice(0, 300)}`);
  return result.data;
}

/** The request body of an operation, as autocannon sends it. */
export const body = (query: string, variables: object = {}): string => JSON.stringify({ query, variables });
