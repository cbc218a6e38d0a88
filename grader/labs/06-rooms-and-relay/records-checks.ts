// Lab 06's checks of the sealed records (README step 8, PROTOCOL §3.6 "Sealed records"): the student's
// sealed-records.ts, loaded by a probe of the grader's (records-probe.ts) and held against the
// grader's own implementation, on inputs drawn from the run's seed.
import { fileURLToPath } from 'node:url';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';

const PROBE = fileURLToPath(new URL('./records-probe.ts', import.meta.url));
const WHY = 'PROTOCOL §3.6 (sealed records): the other peer is another program, written from the document; every byte must mean the same to both, and a record the relay touched must not open';

async function probe(ctx: CheckContext, mode: 'keys' | 'seal-open' | 'tamper'): Promise<void> {
  const program = await ctx.start(PROBE, [ctx.labFile('sealed-records.ts'), String(ctx.random.int(1, 2 ** 31 - 1)), mode], "the grader's probe of your sealed-records.ts");
  await program.ready();
  await program.expectEnd({ timeoutMs: 15_000, why: 'the probe calls your functions a few dozen times' });
  const problem = program.events.find((e) => e.event === 'problem');
  if (problem) fail({ expected: 'sealed-records.ts to load', got: String(problem.what), why: WHY });
  const results = program.events.filter((e) => e.event === 'result');
  ctx.note(`${results.length} cases: ${results.filter((r) => r.ok).length} as the document says`, results.map((r) => `${String(r.case)}: ${r.ok ? 'ok' : 'wrong'}`));
  const wrong = results.find((r) => !r.ok);
  if (wrong) fail({ expected: `${String(wrong.case)}: ${String(wrong.expected)}`, got: String(wrong.got), why: WHY });
  if (!program.events.some((e) => e.event === 'done')) fail({ expected: 'the probe to finish every case', got: `it stopped after ${results.length}`, why: WHY });
}

export const recordsChecks: CheckDefinition[] = [
  {
    id: 'records.keys',
    step: 8,
    title: 'an X25519 key pair, and direction keys both peers derive alike, salted with the ticket and bound to the session',
    hint: 'generateKeyPairSync(\'x25519\'); the raw public key is the x of its JWK (or the last 32 bytes of its SPKI DER); diffieHellman, then hkdfSync(\'sha256\', secret, ticket, "sharing-is-caring relay v1 SESSION from SIDE", 32) for each side',
    async run(ctx) {
      await probe(ctx, 'keys');
    },
  },
  {
    id: 'records.seal-open',
    step: 8,
    title: 'seal and open speak the document\'s records: [u32 length][ChaCha20-Poly1305 ciphertext and tag], the nonce the record\'s number',
    hint: 'createCipheriv(\'chacha20-poly1305\', key, nonce, { authTagLength: 16 }), the nonce 4 zero bytes and the counter as a u64 big-endian; the body is ciphertext then getAuthTag()',
    async run(ctx) {
      await probe(ctx, 'seal-open');
    },
  },
  {
    id: 'records.tamper',
    step: 8,
    title: 'open refuses a record with a flipped bit, replayed, reordered, under the other key, cut short or too long; RecordReader cuts any chunking',
    hint: 'setAuthTag before final(): final() throws when the tag does not match, and that is your undefined; check the body length first',
    async run(ctx) {
      await probe(ctx, 'tamper');
    },
  },
];
