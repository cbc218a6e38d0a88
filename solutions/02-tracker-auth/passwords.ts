// Passwords are stored only as salted scrypt hashes. scrypt is slow and memory-hard on purpose: a
// stolen database costs an attacker that much work per guess. It runs on libuv's thread pool
// (the async crypto.scrypt), so hashing never stops the tracker from serving other peers.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SCRYPT_KEY_BYTES, SCRYPT_PARAMS, SCRYPT_SALT_BYTES } from '#kit/protocol/limits.ts';

// The stored form names its parameters, so the cost can be raised later without breaking old hashes:
// scrypt$N$r$p$<salt, base64>$<hash, base64>
const PREFIX = 'scrypt';

// #region hash
function derive(password: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  // maxmem must cover 128·N·r bytes; Node's default (32 MiB) is just short for N = 2^15.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, N: number = SCRYPT_PARAMS.N): Promise<string> {
  const params = { ...SCRYPT_PARAMS, N };
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const key = await derive(password, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}
// #endregion hash

// #region verify
/** True when the password matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [prefix, N, r, p, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !N || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  // Compare in constant time: how long a comparison takes must not tell how many bytes matched.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
// #endregion verify
