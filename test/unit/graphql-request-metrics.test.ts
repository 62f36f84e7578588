import { createSchema, createYoga } from 'graphql-yoga';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { graphqlRequestMetrics } from '../../src/infrastructure/metrics/graphql-request-metrics.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';

describe('the GraphQL request duration histogram', () => {
  it('counts each request by its type and the root fields it selects, whatever the operation is named', async () => {
    const registry = new Registry();
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { a: Boolean b: Boolean c: Boolean }', resolvers: { Query: { a: () => true } } }),
      plugins: [graphqlRequestMetrics(registry)],
      logging: false,
    });
    const send = (query: string) =>
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    for (let n = 0; n < 101; n++) await send(`query Op${n} { a }`);
    await send('{ ... on Query { b } ...F ...F } fragment F on Query { a ...G } fragment G on Query { x: a }');
    await send('{ b @skip(if: true) }');
    await send('{ c b a }');

    const counts = valuesOf(parsePrometheusText(await registry.metrics()), 'graphql_request_duration_seconds_count');
    expect(counts).toEqual({ 'query:a': 101, 'query:a,b': 1, 'query:b': 1, 'query:(several)': 1 });
  });

  it('registers nothing but its own histogram, and serves no endpoint of its own', async () => {
    const registry = new Registry();
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      plugins: [graphqlRequestMetrics(registry)],
    });
    expect((await yoga.fetch('http://localhost/metrics')).status).toBe(404);
    expect(registry.getMetricsAsArray().map((metric) => metric.name)).toEqual(['graphql_request_duration_seconds']);
  });
});
