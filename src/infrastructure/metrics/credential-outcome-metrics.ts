import { Counter, type Registry } from 'prom-client';

/**
 * Counts how each credential mutation ended, by mutation and result union member (`User`,
 * `InvalidCredentialsError`, `TooManyAttemptsError`…): a rise of one result (failed guesses,
 * refusals) is what an alert watches. Both labels come from the schema, so the series are few.
 */
export function credentialOutcomeCounter(registry: Registry): (outcome: { mutation: string; result: string }) => void {
  const counter = new Counter({
    name: 'credential_outcomes_total',
    help: 'Credential mutations (createUser, activate, deactivate, signIn, changePassword, deleteMe) by the result member answered',
    labelNames: ['mutation', 'result'] as const,
    registers: [registry],
  });
  return ({ mutation, result }) => counter.inc({ mutation, result });
}
