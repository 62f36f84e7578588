/**
 * An estimate of a secret's entropy in bits: its length times the Shannon entropy of its
 * characters' frequencies. 32 random bytes in base64 (`openssl rand -base64 32`) score about 210;
 * a phrase of ordinary words about 4 per character; `abab…` 1 per character; one repeated character 0.
 */
export function estimatedEntropyBits(secret: string): number {
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    perCharacter -= share * Math.log2(share);
  }
  return perCharacter * characters.length;
}
