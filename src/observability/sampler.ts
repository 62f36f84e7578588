import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, type Sampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import type { TracingSettings } from '../config/tracing.ts';

/** `OTEL_TRACES_SAMPLER` and its `_ARG`, as the specification names them (SDK 3 no longer reads them itself). */
export function samplerOf({ kind, ratio }: TracingSettings['sampler']): Sampler {
  const root = { always_on: new AlwaysOnSampler(), always_off: new AlwaysOffSampler(), traceidratio: new TraceIdRatioBasedSampler(ratio) };
  switch (kind) {
    case 'always_on':
    case 'always_off':
    case 'traceidratio':
      return root[kind];
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: root.always_on });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: root.always_off });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: root.traceidratio });
  }
}
