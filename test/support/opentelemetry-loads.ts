import { registerHooks } from 'node:module';

/**
 * Preloaded (`node --import`) into a server under test: says on stderr each OpenTelemetry module
 * the process resolves, whether imported or required, so a test can tell none was. The API is left
 * out: prom-client requires it whether tracing is on or not (for exemplars), and alone it does nothing.
 */
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (/\/node_modules\/@opentelemetry\/(?!api\/)/.test(resolved.url)) process.stderr.write(`loaded ${resolved.url}\n`);
    return resolved;
  },
});
