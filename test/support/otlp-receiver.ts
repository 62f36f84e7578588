import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as OTLP/JSON sends it, flattened: ids in hex, attributes as a plain object. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number };
  service: unknown;
  startTimeUnixNano: string;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

/**
 * An OTLP/HTTP receiver on a free loopback port, as a collector listens on 4318: it takes JSON
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) on /v1/traces and keeps every span, in arrival order.
 */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer(async (request, response) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url !== '/v1/traces' || request.headers['content-type'] !== 'application/json') return void response.writeHead(415).end();
    const body = JSON.parse(Buffer.concat(chunks).toString());
    for (const { resource, scopeSpans } of body.resourceSpans) {
      const service = attributesOf(resource.attributes)['service.name'];
      for (const { spans: sent } of scopeSpans) {
        for (const span of sent)
          spans.push({ ...span, parentSpanId: span.parentSpanId ?? '', attributes: attributesOf(span.attributes), service });
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    /** Every request it got, well formed or not. */
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attributesOf(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}
