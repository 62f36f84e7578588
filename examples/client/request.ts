import type { TypedDocumentString } from './generated/graphql.ts';

/**
 * One GraphQL request over fetch, typed by its document: the variables it takes, the data it
 * answers. A transport or GraphQL error (a bug, not an expected result) is thrown.
 */
export async function request<Result, Variables>(
  url: string,
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  token?: string,
): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  }).catch((cause: unknown) => {
    throw new Error(`${url} could not be reached`, { cause });
  });
  const { data, errors } = (await response.json().catch(() => ({}))) as { data?: Result | null; errors?: { message: string }[] };
  if (errors?.length || !data) {
    throw new Error(`${url} answered HTTP ${response.status}: ${errors?.map((error) => error.message).join('; ') ?? 'no data'}`);
  }
  return data;
}
