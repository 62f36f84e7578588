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
 * Each request also carries Yoga's CSRF header, as a page of this origin may: in cookie mode
 * (SESSION_COOKIE) refreshSession and signOut take the refresh cookie only with it.
 */
const bearerFromSignIn = `(() => {
  const pageFetch = globalThis.fetch.bind(globalThis);
  let token = null;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== location.origin || url.pathname !== location.pathname) return pageFetch(input, init);
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', 'Bearer ' + token);
    if (!request.headers.has('x-graphql-yoga-csrf')) request.headers.set('x-graphql-yoga-csrf', '1');
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

/** Where the page finds its parts: each name holds its content's hash, so it may be cached for good. */
export interface GraphiQLParts {
  script: string;
  style: string;
  favicon: string;
  workers: { editorWorkerService: string; json: string; graphql: string };
}

/**
 * Yoga's offline GraphiQL page (no CDN), as `@graphql-yoga/render-graphiql` writes it but with its
 * 8.8 MB of script, style and editor workers in files of their own, which a browser caches, instead
 * of inline; the bearer-token script runs before GraphiQL starts.
 */
export function graphiqlPage(parts: GraphiQLParts): string {
  // `<` escaped: nothing in the options can close the script element.
  const json = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${graphiqlOptions.title}</title>
    <link rel="icon" href="${parts.favicon}" />
    <link rel="stylesheet" href="${parts.style}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      ${bearerFromSignIn}
      const workers = ${json(parts.workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${parts.script}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${json(graphiqlOptions)});
    </script>
  </body>
</html>
`;
}
