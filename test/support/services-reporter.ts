import { basename } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import './service-available.ts';
import { missingLine, type Services } from './services.ts';

type Key = keyof Services;

const skippedIn = (module: TestModule) => [...module.children.allTests('skipped')].length;
const named = (module: TestModule) => `${basename(module.moduleId).replace(/\.test\.ts$/, '')} (${skippedIn(module)})`;

/**
 * One short block at the end of the run: each service and how many test files ran against it,
 * and which tests were skipped and why, so that nothing skipped passes for green.
 */
export default class ServicesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const services = testModules[0]?.project.getProvidedContext().services as Services | undefined;
    if (!services) return;
    const keys = Object.keys(services) as Key[];
    const asked = (module: TestModule) => module.meta().services ?? [];
    const lines = ['', 'Services'];
    for (const key of keys) {
      const service = services[key];
      const ran = testModules.filter((module) => asked(module).includes(key)).length;
      const used = `${service.name}: ${service.target} (${service.variable}), ${ran} file${ran === 1 ? '' : 's'} ran against it`;
      lines.push(`  ${service.missing ? missingLine(service) : used}`);
    }
    // Skipped test files grouped by the missing services they asked for; none asked: their own condition.
    const reasons = new Map<string, TestModule[]>();
    for (const module of testModules.filter((each) => skippedIn(each) > 0)) {
      const missing = asked(module).filter((key) => services[key].missing);
      const reason = missing.length > 0 ? `for want of ${missing.map((key) => services[key].name).join(' or ')}` : 'by their own condition';
      reasons.set(reason, [...(reasons.get(reason) ?? []), module]);
    }
    for (const [reason, modules] of reasons) lines.push(`  skipped ${reason}: ${modules.map(named).join(', ')}`);
    console.log(lines.join('\n'));
  }
}
