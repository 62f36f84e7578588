/** One sample line of Prometheus' text exposition format: `name{label="value",…} 1`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a scrape, comments (`# HELP`, `# TYPE`) left out. */
export function parsePrometheusText(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`Not a sample line: ${line}`);
      const pairs = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)];
      const labels = Object.fromEntries(pairs.map(([, key, value]) => [key!, value!.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c))]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The values of one metric, keyed by its label values joined with a space (`signIn SignInPayload`). */
export function valuesOf(samples: Sample[], name: string): Record<string, number> {
  return Object.fromEntries(
    samples.filter((sample) => sample.name === name).map((sample) => [Object.values(sample.labels).join(' '), sample.value]),
  );
}
