// Lab 02 starter: password hashing (README step 4).
import { SCRYPT_PARAMS } from '#kit/protocol/limits.ts';

/**
 * Returns a string that lets verifyPassword check this password later, and nothing more: a random
 * salt and the scrypt hash, with the parameters used (e.g. "scrypt$16384$8$1$<salt>$<hash>").
 */
export async function hashPassword(password: string, N: number = SCRYPT_PARAMS.N): Promise<string> {
  // TODO (step 4): crypto.randomBytes for the salt; crypto.scrypt (the callback form: it runs on a
  //   worker thread, scryptSync would freeze the tracker) for the hash.
  void [password, N];
  throw new Error('TODO (README step 4): hash the password');
}

/** True when the password matches the stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  // TODO (step 4): hash again with the stored salt and parameters; compare with crypto.timingSafeEqual.
  void [password, stored];
  throw new Error('TODO (README step 4): verify the password');
}
