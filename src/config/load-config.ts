import { z } from 'zod';
import { authProblems, authSettings, authVariables, authWarnings } from './auth.ts';
import { databaseSettings, databaseVariables } from './database.ts';
import { httpSettings, httpVariables } from './http.ts';
import { observabilityProblems, observabilitySettings, observabilityVariables } from './observability.ts';
import { runtimeProblems, runtimeSettings, runtimeVariables } from './runtime.ts';
import { sessionSettings, sessionVariables } from './sessions.ts';
import { webhookProblems, webhookSettings, webhookVariables, webhookWarnings } from './webhooks.ts';

const processVariables = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development').meta({
      description:
        '`development`, `production` or `test`. `production`: `JWT_SECRET` (with `ACCESS_TOKEN_ALGORITHM=EdDSA`, `JWT_PRIVATE_KEYS` instead), `AUDIT_HASH_KEY` and `REFRESH_TOKEN_KEY` required; introspection, GraphiQL and field suggestions off.',
    }),
  })
  .meta({ title: 'Environment', description: 'Which kind of deployment this is.' });

/** Every section, in the order the configuration reference lists them (`npm run docs:config`). */
export const variableSections = [
  processVariables,
  databaseVariables,
  authVariables,
  sessionVariables,
  httpVariables,
  webhookVariables,
  runtimeVariables,
  observabilityVariables,
];

const environmentVariables = z.object({
  ...processVariables.shape,
  ...databaseVariables.shape,
  ...authVariables.shape,
  ...sessionVariables.shape,
  ...httpVariables.shape,
  ...webhookVariables.shape,
  ...runtimeVariables.shape,
  ...observabilityVariables.shape,
});

/** `REDIS_URL=` (a .env line, a blank in a deployment's form) means unset: the default, not a bad value. */
function withoutEmptyValues(environment: unknown): unknown {
  if (typeof environment !== 'object' || environment === null) return environment;
  return Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
}

/** zod runs a refinement after a failed regex or refine too: a refused value would be judged again. */
const onlyWellFormed = { when: (payload: { issues: unknown[] }) => payload.issues.length === 0 };

/**
 * The environment, each section's variables checked, then the rules that span sections (checked
 * only once every variable is well formed), then the settings of each section.
 */
const configSchema = z
  .preprocess(withoutEmptyValues, environmentVariables)
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const problems = [
      ...authProblems(env, production),
      ...observabilityProblems(env, production),
      ...runtimeProblems(env),
      ...webhookProblems(env),
    ];
    for (const [variable, message] of problems) ctx.addIssue({ code: 'custom', path: [variable], message });
  }, onlyWellFormed)
  .transform((env) => {
    const production = env.NODE_ENV === 'production';
    return {
      production,
      ...databaseSettings(env),
      ...authSettings(env),
      ...sessionSettings(env),
      ...httpSettings(env, production),
      /** Webhooks (`WEBHOOK_URLS`…): undefined when no URL is set, so nothing is delivered. */
      webhooks: webhookSettings(env),
      ...runtimeSettings(env),
      ...observabilitySettings(env, production),
      /** Things the operator should hear about at start, such as a generated secret. */
      warnings: [...authWarnings(env), ...webhookWarnings(env)],
    };
  });

export type Config = z.output<typeof configSchema>;

/** A refused environment: `problems` holds one `VARIABLE: why` for each bad variable. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Reads and checks the environment once, at start; a bad value stops the process with its name. */
export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return parsed.data;
}
