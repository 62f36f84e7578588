/**
 * `npm run admin:grant -- <email>`: makes an existing user an active ADMIN, through the same use
 * case and database configuration as the server. The first admin of a new service comes from here.
 */
import { grantAdmin } from '../application/admin/grant-admin.ts';
import { UserNotFoundError, UserSuspendedError } from '../domain/errors.ts';
import { environmentConfigOrExit } from '../infrastructure/environment-config.ts';
import { openOrm } from '../infrastructure/mikro-orm/open-orm.ts';
import { MikroOrmUnitOfWork } from '../infrastructure/mikro-orm/unit-of-work.ts';

const email = process.argv[2];
if (!email) {
  console.error('Usage: npm run admin:grant -- <email of an existing user>');
  process.exit(2);
}
const config = environmentConfigOrExit();
const { orm } = await openOrm(config);
try {
  // Its events go to the webhooks too: a server's delivery worker reads them from the outbox.
  const unitOfWork = new MikroOrmUnitOfWork(orm.em.fork());
  const user = await grantAdmin(email, { unitOfWork });
  console.log(`${user.email} is now an active ADMIN.`);
} catch (error) {
  if (error instanceof UserNotFoundError) console.error(`No user has the email ${email}: sign up first (createUser), then run this again.`);
  else if (error instanceof UserSuspendedError) console.error(`${email} is suspended: reinstate the account first.`);
  else throw error;
  process.exitCode = 1;
} finally {
  await orm.close();
}
