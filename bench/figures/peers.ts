/**
 * This server beside bare graphql-yoga, Apollo Server and Mercurius serving `{ hello }`, from
 * bench/peers/compare.ts (its own package.json: `npm install --prefix bench/peers` first). Not
 * installed: the figures are there, unmeasured, with the command in their note.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type Figure, figure, listed } from '../support/figure.ts';

const peers = new URL('../peers/', import.meta.url);

interface Ratio {
  numerator: string;
  denominator: string;
  medianOfRounds: number;
  perRound: number[];
}

export function peerFigures(seconds: number, rounds: number): Figure[] {
  const installed = existsSync(new URL('node_modules/graphql-yoga', peers));
  if (installed) {
    execFileSync(process.execPath, [new URL('compare.ts', peers).pathname], {
      env: { ...process.env, BENCH_SECONDS: String(seconds), BENCH_ROUNDS: String(rounds) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  const results = installed
    ? (JSON.parse(readFileSync(new URL('results.json', peers), 'utf8')) as {
        ratios: Ratio[];
        medians: { target: string; requestsPerSecond: number }[];
      })
    : null;
  const of = (id: string, label: string, numerator: string, denominator: string, target: number) => {
    const ratio = results?.ratios.find((candidate) => candidate.numerator === numerator && candidate.denominator === denominator);
    const rate = (name: string) => results?.medians.find((median) => median.target === name)?.requestsPerSecond;
    return figure({
      id,
      label,
      backend: id === 'me-vs-apollo' ? 'SQLite' : '',
      value: ratio?.medianOfRounds ?? null,
      unit: 'ratio',
      target: { op: '>=', value: target },
      note: ratio
        ? `${numerator} ${rate(numerator)}/s, ${denominator} ${rate(denominator)}/s (medians); rounds ${listed(ratio.perRound)}`
        : 'not measured: npm install --prefix bench/peers',
    });
  };
  return [
    of('typename-vs-yoga', '`{ __typename }` / bare Yoga `{ hello }` req/s', 'ours { __typename }', 'yoga { hello }', 0.95),
    of('me-vs-apollo', '`me` / Apollo Server `{ hello }` req/s (stretch)', 'ours me', 'apollo { hello }', 1),
  ];
}
