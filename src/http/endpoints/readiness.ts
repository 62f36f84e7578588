/** What one readiness check found: `pending` for migrations not yet applied, `unknown` when it could not look. */
export type CheckState = 'ok' | 'down' | 'pending' | 'unknown';

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckState>;
}

/** Runs every check at once; ready only when each says `ok`. A check that throws counts as `down`. */
export async function runReadinessChecks(checks: Record<string, () => Promise<CheckState>>): Promise<Readiness> {
  const names = Object.keys(checks);
  const states = await Promise.all(names.map((name) => checks[name]!().catch((): CheckState => 'down')));
  return {
    status: states.every((state) => state === 'ok') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(names.map((name, i) => [name, states[i]!])),
  };
}
