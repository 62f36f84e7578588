import type { WebhookDeliveryPage } from '../../application/list-webhook-deliveries.ts';
import { builder } from '../builder.ts';
import { ValidationError } from '../validation-error.ts';
import { WebhookDeliveryType } from './webhook-delivery.ts';

export const WebhookDeliveryConnection = builder.connectionObject(
  {
    type: WebhookDeliveryType,
    name: 'WebhookDeliveryConnection',
    description: 'A page of webhook deliveries (Relay cursor connection), newest event first, by keyset; a page never splits an event.',
    edgesField: { description: "The deliveries of the page, newest event first, each event's by URL." },
  },
  {
    name: 'WebhookDeliveryEdge',
    description: 'A delivery of the page, with the cursor to page from it (its event).',
    nodeField: { description: 'The delivery.' },
  },
);

/** Cursors are opaque: base64url of ["webhook", event position]. The tag refuses another list's cursor. */
const tag = 'webhook';

export function decodeWebhookCursor(cursor: string | null | undefined, argument: string): number | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const content: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const [cursorTag, position] = Array.isArray(content) && content.length === 2 ? content : [];
    if (cursorTag === tag && Number.isSafeInteger(position) && position >= 0) return position as number;
  } catch {
    // Not base64url JSON: refused below.
  }
  throw new ValidationError([{ path: [argument], message: 'Not a cursor of the webhook deliveries', code: 'INVALID_CURSOR' }]);
}

export function toWebhookConnection(page: WebhookDeliveryPage) {
  const edges = page.deliveries.map((node) => ({
    cursor: Buffer.from(JSON.stringify([tag, node.eventPosition])).toString('base64url'),
    node,
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
