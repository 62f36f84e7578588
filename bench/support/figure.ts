/** One figure of the suite, as printed, written to bench/results.json and drawn by bench/chart.ts. */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface Figure {
  id: string;
  label: string;
  /** "SQLite", "PostgreSQL", or "" when the figure is not a database's. */
  backend: string;
  /** null: not measured (the note says why). */
  value: number | null;
  unit: 'ratio' | 'MiB' | 'req/s' | 'rows/s' | 'ms';
  /** null: reported only. */
  target: Target | null;
  pass: boolean | null;
  /** How it was measured: the two sides, the pairs. */
  note: string;
}

export function figure(fields: Omit<Figure, 'pass'>): Figure {
  const { value, target } = fields;
  const pass = value === null || target === null ? null : target.op === '>=' ? value >= target.value : value <= target.value;
  return { ...fields, pass };
}

/** The pairs' ratios as a note: "0.71 0.73 0.70". */
export const listed = (values: number[], digits = 2): string => values.map((value) => value.toFixed(digits)).join(' ');
