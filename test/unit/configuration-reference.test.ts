import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, variableSections } from '../../src/config/load-config.ts';
import { configurationReference, envExample } from '../../src/config/reference/reference.ts';

/** A config without what is random per process, to compare two. */
function fixedPart(environment: NodeJS.ProcessEnv) {
  const { jwt, auditHashKey, refreshTokenKey, warnings, ...rest } = loadConfig(environment);
  return { ...rest, jwt: { ...jwt, signing: jwt.signing.algorithm } };
}

describe('the configuration reference and .env.example (npm run docs:config)', () => {
  it('.env.example, copied to .env as it is, configures exactly the defaults', () => {
    const example = parseEnv(readFileSync('.env.example', 'utf8'));
    expect(Object.keys(example)).toContain('DATABASE_URL');
    expect(fixedPart(example)).toEqual(fixedPart({}));
  });

  it('lists every variable of every section, each once', () => {
    const names = variableSections.flatMap((section) => Object.keys(section.shape));
    const listed = [...envExample(variableSections).matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect(listed).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('NODE_ENV');
  });

  it('refuses a variable without a description, naming it', () => {
    const section = z.object({ UNDESCRIBED: z.string().optional() }).meta({ title: 'Test', description: 'A test section.' });
    expect(() => configurationReference([section])).toThrow('UNDESCRIBED has no description');
  });
});
