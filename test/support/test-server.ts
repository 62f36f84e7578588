import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/infrastructure/logger.ts';
import { hashBudget } from '../../src/runtime/hash-budget.ts';
import type { TestDatabase } from './databases.ts';
import { fastArgon2 } from './fast-argon2.ts';

export interface GraphQLResponse {
  status: number;
  // biome-ignore lint: a response body is whatever JSON the server sent.
  body: any;
}

export interface TestServer {
  origin: string;
  /** Where the metrics' own server listens (METRICS_PORT, production); undefined when they are off or on `origin`. */
  metricsOrigin: string | undefined;
  /** Every line the server logged, at trace level. */
  logs: string[];
  graphql(query: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Every response body this server sent to `graphql()`, to search for leaks. */
  responses: string[];
  close(): Promise<void>;
}

/** The token secret of every test server. */
export const testJwtSecret = 'k3Rj8vQ2nX5wZ9tB1mC7yL4pH6sF0dG8aE2uW5iO7rY=';
/** The key of every test server's email hashes: audit tests hash with it. */
export const testAuditHashKey = 'Vq7Lm2Xc9Rt4Bn8Kp1Wz6Hs3Dg5Fy0Ja7Ue2Io9Ql4=';

/**
 * The real app on a free loopback port, with cheap argon2 unless `environment` says otherwise,
 * logging everything into `logs`.
 */
export async function startTestServer(databaseUrl: string, environment: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    // In production a port of their own, any free one: several servers run at once here.
    METRICS_PORT: '0',
    JWT_SECRET: testJwtSecret,
    AUDIT_HASH_KEY: testAuditHashKey,
    REFRESH_TOKEN_KEY: 'Tz5Gm2Qw8Xc1Rv7Bn4Kd9Hp3Ls6Fy0Ua8Je2Wi5Nc7=',
    ARGON2_MEMORY_KIB: String(fastArgon2.memoryCost),
    ARGON2_TIME_COST: String(fastArgon2.timeCost),
    ARGON2_PARALLELISM: String(fastArgon2.parallelism),
    LOG_LEVEL: 'trace',
    // Suites sign up more than 50 users from 127.0.0.1; the limit has tests of its own.
    CREATE_USER_MAX_PER_IP: '10000',
    // Admin suites make more than 30 changes a minute as one admin; the limit has tests of its own.
    ACCOUNT_WRITES_PER_MINUTE: '10000',
    ...environment,
  });
  const logs: string[] = [];
  const sink = new Writable({ write: (line, _encoding, done) => done(void logs.push(String(line))) });
  // As main.ts does: the machine's share of hashes worked out beside the configuration.
  const app = await createApp(config, createLogger(config.logLevel, sink), { hashesAtOnce: hashBudget(config).perProcess });
  const { port } = await app.listen();
  const origin = `http://127.0.0.1:${port}`;
  const metricsAddress = app.metricsAddress();
  const responses: string[] = [];
  return {
    origin,
    metricsOrigin: metricsAddress && `http://127.0.0.1:${metricsAddress.port}`,
    logs,
    responses,
    close: () => app.close(),
    async graphql(query, variables = {}, headers = {}) {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      responses.push(text);
      return { status: response.status, body: JSON.parse(text) };
    },
  };
}

export interface SuiteServer {
  database: TestDatabase;
  /** Replaceable, to restart: the suite closes whichever server is here at the end. */
  server: TestServer;
}

/** A database of the suite's own and a server on it, from beforeAll to afterAll. */
export function serverForSuite(createDatabase: () => Promise<TestDatabase>, environment: NodeJS.ProcessEnv = {}): SuiteServer {
  const suite = {} as SuiteServer;
  beforeAll(async () => {
    suite.database = await createDatabase();
    suite.server = await startTestServer(suite.database.url, environment);
  });
  afterAll(async () => {
    await suite.server?.close();
    await suite.database?.drop();
  });
  return suite;
}
