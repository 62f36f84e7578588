import { readFileSync } from 'node:fs';
import type { GraphiQLOptions } from 'graphql-yoga';

/** The lifecycle as named operations, with the comment that says how to run them. */
const lifecycle = readFileSync(new URL('./graphiql-lifecycle.graphql', import.meta.url), 'utf8');

/** One account for every operation of the lifecycle: a valid email and a password that is not common. */
const sampleAccount = { email: 'ada@example.com', password: 'correct horse', name: 'Ada', surname: 'Lovelace' };

/**
 * GraphiQL opens on the lifecycle, its variables shown. `variables` is Yoga's initial content of the
 * variables editor, missing from its type; `defaultTabs` would not do: GraphiQL 5 fills the editor
 * with the first tab's query but not its variables. Headers are not persisted: Yoga would keep
 * whatever token someone pastes there in localStorage, long after the session.
 */
export const graphiqlOptions: GraphiQLOptions & { variables: string } = {
  title: 'User management',
  defaultQuery: lifecycle,
  variables: JSON.stringify(sampleAccount, null, 2),
  defaultEditorToolsVisibility: 'variables',
  shouldPersistHeaders: false,
};

/**
 * Sends the token of the page's last sign-in as a bearer token, so it need not be copied by hand.
 * GraphiQL calls `globalThis.fetch` at each request, so wrapping it is enough. Only requests to
 * this page's own endpoint are touched, only when they carry no Authorization header of their
 * own; the token lives in this closure, never in storage. Any `accessToken` (or, deprecated,
 * `token`) field at the top of a result counts (signIn, refreshSession, changePassword's fresh one).
 */
const bearerFromSignIn = `(() => {
  const pageFetch = globalThis.fetch.bind(globalThis);
  let token = null;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== location.origin || url.pathname !== location.pathname) return pageFetch(input, init);
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', 'Bearer ' + token);
    const response = await pageFetch(request);
    if (/json/.test(response.headers.get('content-type') ?? '')) {
      const result = await response.clone().json().catch(() => null);
      for (const field of Object.values(result?.data ?? {})) {
        const issued = field?.accessToken ?? field?.token;
        if (typeof issued === 'string') token = issued;
      }
    }
    return response;
  };
})();`;

/**
 * Yoga's offline GraphiQL page (no CDN), with the bearer-token script run before GraphiQL starts.
 * The first `</head>` is the page's own: only the title and the CSS come before it. The page's
 * module is imported on first render: it holds GraphiQL's whole bundle, 8.7 million characters
 * that a server without GraphiQL (production's default) would otherwise keep resident, some 20 MiB.
 */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options).replace('</head>', () => `<script>${bearerFromSignIn}</script></head>`);
}
