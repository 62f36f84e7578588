import { createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

/**
 * Operation names are the client's to choose: each new one is a new series, kept forever. Past
 * this many (or past this length) they are counted as `other`, so a client sending random names
 * cannot grow every scrape without bound.
 */
const maxOperationNames = 100;
const maxNameLength = 64;

/**
 * One histogram from Yoga's Prometheus plugin: the time of each GraphQL request, from reaching
 * Yoga to its response (parse, validation, execution, serialisation), by operation. The plugin's
 * other metrics stay off: per-phase timings repeat this one, and per-resolver timings cost on
 * every field of every response. Its own endpoint is off too: `src/http/metrics-endpoint.ts`
 * serves the registry, on the API's port or on METRICS_PORT.
 */
export function graphqlRequestMetrics(registry: Registry): Plugin {
  const names = new Set<string>();
  const nameLabel = (name: string | undefined): string => {
    if (name === undefined) return 'Anonymous';
    if (names.has(name)) return name;
    if (names.size >= maxOperationNames || name.length > maxNameLength) return 'other';
    names.add(name);
    return name;
  };
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_request_duration_seconds',
          help: 'Time from a GraphQL request reaching Yoga to its response, by operation name (Anonymous when unnamed) and type',
          labelNames: ['operationName', 'operationType'] as const,
        },
        fillLabelsFn: (params: { operationName?: string; operationType?: string }) => ({
          operationName: nameLabel(params.operationName),
          operationType: params.operationType ?? 'unknown',
        }),
        phases: ['request'],
      }),
      graphql_envelop_request: false,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_error_result: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
}
