import { createSchema, createYoga } from 'graphql-yoga';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { graphqlRequestMetrics } from '../../src/infrastructure/metrics/graphql-request-metrics.ts';
import { parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';

describe('the GraphQL request duration histogram', () => {
  it('keeps the first 100 operation names of 64 characters or fewer, and counts the rest as other', async () => {
    const registry = new Registry();
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
      plugins: [graphqlRequestMetrics(registry)],
      logging: false,
    });
    const send = (query: string) =>
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    for (let n = 0; n < 102; n++) await send(`query Op${n} { ok }`);
    await send(`query ${'L'.repeat(65)} { ok }`);
    await send('{ ok }');
    await send('query Op0 { ok }');

    const counts = valuesOf(parsePrometheusText(await registry.metrics()), 'graphql_request_duration_seconds_count');
    expect(Object.keys(counts)).toHaveLength(102);
    expect(counts).toMatchObject({ 'Op0 query': 2, 'Op99 query': 1, 'other query': 3, 'Anonymous query': 1 });
    expect(counts['Op100 query']).toBeUndefined();
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
