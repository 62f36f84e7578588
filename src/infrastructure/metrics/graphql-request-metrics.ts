import type { Plugin } from 'graphql-yoga';
import { Histogram, type Registry } from 'prom-client';
import { invalidOperation, operationLabel } from './operation-label.ts';

/**
 * The time of each GraphQL request, from reaching Yoga to its response (parse, validation,
 * execution, serialisation), by operation: its type and root fields (`operationLabel`), never the
 * name the client gave it, so no client can use up the series or grow the scrape. A request is
 * timed once Yoga starts parsing its document: `invalid` until the document has validated.
 * `src/http/endpoints/metrics-endpoint.ts` serves the registry, on the API's port or on METRICS_PORT.
 */
export function graphqlRequestMetrics(registry: Registry): Plugin {
  const histogram = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from a GraphQL request reaching Yoga to its response, by operation type and root fields (invalid when it does not validate)',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const started = new WeakMap<Request, number>();
  const operations = new WeakMap<Request, string>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    // Marked before parsing: Yoga's parse cache, whose hook runs after this one, throws a document it
    // has failed to parse before, and then no hook after parsing runs.
    onParse({ context }) {
      operations.set(context.request, invalidOperation);
    },
    onValidate({ context, params }) {
      return ({ valid }) => {
        if (valid) operations.set(context.request, operationLabel(params.documentAST, context.params.operationName));
      };
    },
    onResponse({ request }) {
      const operation = operations.get(request);
      if (operation !== undefined) histogram.observe({ operation }, (performance.now() - started.get(request)!) / 1000);
    },
  };
}
