import { context, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A span for each GraphQL operation, named `<type> <name>` as OpenTelemetry's GraphQL conventions
 * say (`mutation CreateUser`), with `graphql.parse`, `graphql.validate` and `graphql.execute` under
 * it; the database's spans fall under execute. Neither the document nor the variables are recorded:
 * they can hold a password.
 */
export function graphqlSpans(tracer: Tracer): Plugin {
  return {
    onParams({ paramsHandler, setParamsHandler }) {
      setParamsHandler(async (payload) => {
        const span = tracer.startSpan('GraphQL Operation');
        try {
          return await context.with(trace.setSpan(context.active(), span), () => paramsHandler(payload));
        } finally {
          span.end();
        }
      });
    },
    onParse() {
      const span = tracer.startSpan('graphql.parse');
      return ({ result }) => endPhase(span, result instanceof Error);
    },
    onValidate() {
      const span = tracer.startSpan('graphql.validate');
      return ({ valid }) => endPhase(span, !valid);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation) {
        const name = operation.name?.value;
        const attributes = { 'graphql.operation.type': operation.operation, ...(name ? { 'graphql.operation.name': name } : {}) };
        trace
          .getActiveSpan()
          ?.updateName(name ? `${operation.operation} ${name}` : operation.operation)
          .setAttributes(attributes);
      }
      const span = tracer.startSpan('graphql.execute');
      const within = trace.setSpan(context.active(), span);
      setExecuteFn((executeArgs) => context.with(within, () => executeFn(executeArgs)));
      return {
        onExecuteDone: ({ result }) => endPhase(span, 'errors' in result && (result.errors?.length ?? 0) > 0),
      };
    },
  };
}

function endPhase(span: ReturnType<Tracer['startSpan']>, failed: boolean): void {
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
