import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/core';
import { createHttpTerminator } from 'http-terminator';
import { ormConfig } from '../mikro-orm.config.ts';
import { schema } from './graphql/schema.ts';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher.ts';
import type { Config } from './infrastructure/config.ts';
import { JwtTokenIssuer } from './infrastructure/jwt-token-issuer.ts';
import type { Logger } from './infrastructure/logger.ts';
import { mikroOrmUnitOfWorkFactory } from './infrastructure/mikro-orm/unit-of-work.ts';
import { openRateLimits } from './infrastructure/rate-limits/open-rate-limits.ts';
import { createServer } from './server.ts';

export interface App {
  /** Starts listening on the configured host and port; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/** The composition root: the only place that picks the concrete adapters. */
export async function createApp(config: Config, logger: Logger): Promise<App> {
  const orm = await MikroORM.init(ormConfig(config.databaseUrl));
  if (config.migrateOnStart) {
    const applied = await orm.migrator.up();
    logger.info({ migrations: applied.map((migration) => migration.name) }, 'migrations applied');
  }
  const rateLimits = await openRateLimits(config.rateLimits, config.databaseUrl, config.redisUrl);
  logger.info({ store: rateLimits.store }, 'rate-limit counts kept in %s', rateLimits.store);
  const passwordHasher = new Argon2PasswordHasher(config.argon2);
  // The decoy hash is made on first use: make it now, or the first unknown email answers slower.
  if (config.uniformCredentialErrors) await passwordHasher.verifyAgainstDecoy('');
  const server = createServer({
    schema,
    createUnitOfWork: mikroOrmUnitOfWorkFactory(orm),
    passwordHasher,
    tokenIssuer: new JwtTokenIssuer(config.jwt),
    rateLimits: rateLimits.limits,
    uniformCredentialErrors: config.uniformCredentialErrors,
    isHealthy: () => orm.isConnected(),
    logger,
    trustedProxies: config.trustedProxies,
    maxBodyBytes: config.maxBodyBytes,
    introspection: config.introspection,
    graphiql: config.graphiql,
    fieldSuggestions: !config.production,
  });

  // Unlike server.close(), also closes keep-alive connections as their in-flight responses end.
  const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: 30_000 });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
      }),
    close: async () => {
      await terminator.terminate();
      await rateLimits.close();
      await orm.close();
    },
  };
}
