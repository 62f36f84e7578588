/** One account per address, whatever its case or surrounding spaces: `John@Doe.com ` is `john@doe.com`. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
