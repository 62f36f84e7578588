import { createServer, type Server } from 'node:http';

/**
 * A single-page app of another origin than the API's, as cookie mode asks one to be written: the
 * access token in memory only (a reload forgets it), the refresh token in the API's HttpOnly
 * cookie, every request with credentials and Yoga's CSRF header. The API's origin is `?api=`.
 */
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cookie mode</title></head><body><script>
  const api = new URL(location.href).searchParams.get('api') + '/graphql';
  let accessToken = null;
  async function ask(query, variables = {}) {
    const headers = { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' };
    if (accessToken) headers.authorization = 'Bearer ' + accessToken;
    const response = await fetch(api, { method: 'POST', credentials: 'include', headers, body: JSON.stringify({ query, variables }) });
    return Object.values((await response.json()).data)[0];
  }
  const payload = '__typename ... on Error { message } ... on SignInPayload { accessToken refreshToken refreshTokenExpiresAt }';
  async function keep(answer) {
    if (answer.__typename === 'SignInPayload') accessToken = answer.accessToken;
    return { ...answer, accessToken: answer.accessToken && 'in memory' };
  }
  window.session = {
    signIn: async (email, password) =>
      keep(await ask('mutation ($input: UserCredentialsInput!) { signIn(input: $input) { ' + payload + ' } }', { input: { email, password } })),
    refresh: async () => keep(await ask('mutation { refreshSession { ' + payload + ' } }')),
    me: async () => (accessToken ? (await ask('{ me { email } }'))?.email ?? null : 'no access token'),
    async signOut() {
      const answer = await ask('mutation { signOut { __typename } }');
      accessToken = null;
      return answer.__typename;
    },
  };
</script></body></html>`;

/** Serves the page on a free loopback port; resolves with its port. */
export async function servePage(): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
