/**
 * Draws bench/results.json (written by `npm run bench`) as an SVG chart: one row per figure that has a
 * target, its bar the measured value and its tick the target, green when the target is met and red when
 * not. Each row has a scale of its own (0 to 1.25 × the larger of value and target), since the figures'
 * units differ. The SVG is built as a string, so nothing beyond Node is needed.
 *
 *   node bench/chart.ts [results.json] [out.svg]    (defaults: bench/results.json, docs/benchmarks.svg)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure, Target } from './support/figure.ts';

/** bench/results.json as bench/run.ts writes it. */
interface Results {
  date: string;
  seconds: number;
  machine: { cores: number; memoryGiB: number; cpu: string; node: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  figures: Figure[];
}

type Charted = Figure & { target: Target };

const width = 900;
const rowHeight = 28;
const headerHeight = 56;
const labelX = 12;
const backendX = 400;
const barX = 490;
const barWidth = 360;
// About what fits between labelX and backendX at 13 px; longer labels are cut, whole in their tooltip.
const labelChars = 50;
const colours = { met: '#2e7d32', notMet: '#c62828', notMeasured: '#9e9e9e', text: '#212121', muted: '#616161' };

const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

// Labels are written for Markdown, where backticks mark code; in the SVG they would show as they are.
const withoutBackticks = (label: string): string => label.replaceAll('`', '');

const shortened = (text: string): string => (text.length > labelChars ? `${text.slice(0, labelChars - 1)}…` : text);

// As bench/run.ts prints them: ratios to 2 decimals, everything else whole with its unit.
const formatted = (value: number, unit: string): string => (unit === 'ratio' ? value.toFixed(2) : `${value.toFixed(0)} ${unit}`);

const targetText = ({ op, value }: Target): string => `${op === '>=' ? '≥' : '≤'} ${value}`;

const barColour = (pass: boolean | null): string => (pass === null ? colours.notMeasured : pass ? colours.met : colours.notMet);

function row(figure: Charted, index: number): string {
  const { value, target, unit, backend, pass } = figure;
  const y = headerHeight + index * rowHeight;
  const scale = barWidth / (1.25 * Math.max(value ?? 0, target.value));
  const tickX = barX + target.value * scale;
  const barEnd = barX + (value ?? 0) * scale;
  const label = withoutBackticks(figure.label);
  return [
    // Every other row shaded, so that each target's text, drawn above its tick, reads as its own row's.
    index % 2 === 0 ? `<rect y="${y}" width="${width}" height="${rowHeight}" fill="#f5f5f5"/>` : null,
    `<text x="${labelX}" y="${y + 23}" fill="${value === null ? colours.notMeasured : colours.text}"><title>${escapeXml(label)}</title>${escapeXml(shortened(label))}</text>`,
    `<text x="${backendX}" y="${y + 23}" fill="${colours.muted}">${escapeXml(backend)}</text>`,
    value === null ? null : `<rect x="${barX}" y="${y + 13}" width="${barEnd - barX}" height="12" fill="${barColour(pass)}"/>`,
    `<line x1="${tickX}" y1="${y + 11}" x2="${tickX}" y2="${y + 27}" stroke="${colours.text}" stroke-width="2"/>`,
    `<text x="${tickX}" y="${y + 10}" font-size="11" text-anchor="middle" fill="${colours.muted}">${escapeXml(targetText(target))}</text>`,
    value === null
      ? `<text x="${barX}" y="${y + 23}" fill="${colours.notMeasured}" font-style="italic">not measured</text>`
      : // Over the tick, with a white halo, so that a tick it crosses leaves it readable.
        `<text x="${barEnd + 5}" y="${y + 23}" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(formatted(value, unit))}</text>`,
  ]
    .filter((element) => element !== null)
    .join('\n');
}

function chart({ date, machine, figures }: Results): string {
  // Figures without a target are reported only: there is nothing to hold them against.
  const charted = figures.filter((figure): figure is Charted => figure.target !== null);
  const height = headerHeight + charted.length * rowHeight + 12;
  const title = `Benchmarks, ${date.slice(0, 10)}, ${machine.cores} cores, Node ${machine.node}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" fill="${colours.text}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${labelX}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${labelX}" y="42" font-size="11" fill="${colours.muted}">bar: measured; tick: target; green: met, red: not met</text>`,
    ...charted.map(row),
    '</svg>',
    '',
  ].join('\n');
}

const input = process.argv[2] ?? fileURLToPath(new URL('results.json', import.meta.url));
const output = process.argv[3] ?? fileURLToPath(new URL('../docs/benchmarks.svg', import.meta.url));
const results = JSON.parse(readFileSync(input, 'utf8')) as Results;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, chart(results));
console.log(output);
