import { listWebhookDeliveries } from '../../application/webhooks/list-webhook-deliveries.ts';
import { redeliverWebhook } from '../../application/webhooks/redeliver-webhook.ts';
import { WebhookEventNotFoundError } from '../../application/webhooks/webhook-deliveries.ts';
import { ForbiddenError, NotAuthenticatedError, TooManyAttemptsError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { admin, builder } from '../builder.ts';
import { pageRequest, pageSize } from '../shared/paging.ts';
import { ValidationError } from '../shared/validation-error.ts';
import { RedeliveredWebhookType, WebhookDeliveryStatusEnum } from './webhook-delivery.ts';
import { toWebhookConnection, WebhookDeliveryConnection, webhookCursor } from './webhook-delivery-connection.ts';

builder.queryField('webhookDeliveries', (t) =>
  t.field({
    type: WebhookDeliveryConnection,
    description:
      'Webhook deliveries, newest event first, a page of events at a time (each with its delivery to every URL): `status: FAILED` lists what needs `redeliverWebhook`. Admins only.',
    authScopes: admin,
    args: {
      status: t.arg({ type: WebhookDeliveryStatusEnum, required: false, description: 'Only deliveries in this state; all if left out.' }),
      first: t.arg.int({ required: false, description: 'How many events: 1 to 100, default 20.', validate: pageSize }),
      after: t.arg.string({ required: false, description: 'The `endCursor` of the page before.' }),
    },
    errors: {
      types: [NotAuthenticatedError, ForbiddenError, ValidationError],
      union: { description: 'A page of deliveries, or why not.' },
    },
    resolve: async (_root, args, context) => {
      const request = { status: args.status ?? undefined, ...pageRequest(args, webhookCursor) };
      return toWebhookConnection(await listWebhookDeliveries(request, context));
    },
  }),
);

builder.mutationField('redeliverWebhook', (t) =>
  t.field({
    type: RedeliveredWebhookType,
    description:
      'Send an event again to every URL whose delivery of it failed (fix the receiver first): those become pending, due now, with WEBHOOK_MAX_ATTEMPTS attempts again. Pending and delivered ones are left alone. Admins only.',
    authScopes: admin,
    args: { eventId: t.arg.id({ required: true, description: "The event's id (`eventId`, the `webhook-id` header)." }) },
    errors: {
      types: [NotAuthenticatedError, ForbiddenError, WebhookEventNotFoundError, TooManyAttemptsError],
      union: { description: "The event's deliveries, or why not." },
    },
    resolve: async (_root, { eventId }, context) => {
      const deliveries = await redeliverWebhook({ admin: (await context.viewer()) as User, eventId: String(eventId) }, context);
      return { eventId: deliveries[0]!.eventId, deliveries };
    },
  }),
);
