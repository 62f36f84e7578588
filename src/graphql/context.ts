import type { PasswordHasher, TokenIssuer, UnitOfWork } from '../application/ports.ts';

/** What every resolver gets: a unit of work of its own request, and the shared services. */
export interface GraphQLContext {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  /** The token from `Authorization: Bearer …`, unverified. */
  bearerToken: string | null;
}
