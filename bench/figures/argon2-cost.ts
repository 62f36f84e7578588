/**
 * What one argon2id hash costs here, one at a time, at the production parameters and at the
 * references they are chosen against: OWASP's minimum and RFC 9106's two recommendations. Memory
 * per hash is the parameter m itself: argon2 allocates it as one block for the hash's duration.
 */
import argon2 from 'argon2';
import { type Figure, figure, listed } from '../support/figure.ts';
import { median } from '../support/load.ts';

interface Parameters {
  name: string;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const references: Parameters[] = [
  { name: 'OWASP minimum', memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  { name: 'RFC 9106, second recommendation', memoryCost: 65_536, timeCost: 3, parallelism: 4 },
  { name: 'RFC 9106, first recommendation', memoryCost: 2_097_152, timeCost: 1, parallelism: 4 },
];

async function hashMs(parameters: Parameters, times: number): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await argon2.hash('correct horse battery', { type: argon2.argon2id, ...parameters });
    took.push(performance.now() - started);
  }
  return took;
}

export async function argon2Cost(production: Omit<Parameters, 'name'>, times: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const parameters of [{ name: 'production (ARGON2_*)', ...production }, ...references]) {
    await hashMs(parameters, 1); // warm-up
    const took = await hashMs(parameters, times);
    const { memoryCost, timeCost, parallelism } = parameters;
    figures.push(
      figure({
        id: 'argon2-hash-ms',
        label: `argon2id hash, ${parameters.name}: m=${memoryCost / 1024} MiB, t=${timeCost}, p=${parallelism}`,
        backend: '',
        value: median(took),
        unit: 'ms',
        target: null,
        note: `${memoryCost / 1024} MiB per hash; one at a time, ${times} hashes: ${listed(took, 0)} ms`,
      }),
    );
  }
  return figures;
}
