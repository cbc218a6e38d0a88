// Disk faults against the reference peer of Lab 04 (solutions/04-file-transfer/peer.ts), driven by the
// grader's scripted tracker and a scripted carol in a session: a disk that fills up mid-file (a
// file-size limit on the peer's process, so its writes fail with EFBIG) and a downloads path that
// cannot be a folder. Either way: DISK_ERROR, no crash, and nothing under the final name.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CheckContext } from '../../grader/engine/check-context.ts';
import { fail } from '../../grader/engine/check-failure.ts';
import { otherDials, NOISE } from '../../grader/labs/03-roster-and-direct/peer-harness.ts';
import { fileTransferLab } from '../../grader/labs/04-file-transfer/lab.ts';
import { seededBytes, sendDataFrames, sha256, startFilePeer, type FilePeer } from '../../grader/labs/04-file-transfer/file-harness.ts';
import { check, runOnReference, story } from './reference-check.ts';

/** The file-size limit: 64 blocks of 512 bytes, what `ulimit -f 64` sets in a POSIX shell. */
const LIMIT_BYTES = 64 * 512;
const canLimit = process.platform === 'linux' && spawnSync('prlimit', ['--version']).status === 0;

async function inSession(ctx: CheckContext): Promise<{ run: FilePeer; carol: Awaited<ReturnType<typeof otherDials>> }> {
  const run = await startFilePeer(ctx);
  const carol = await otherDials(ctx, run, 'carol', 's-disk');
  return { run, carol };
}

async function everything(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

describe('disk faults against the reference peer', () => {
  // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing the process;
  // this is what makes a disk-full test with `ulimit -f` meaningful at all.
  test.skipIf(process.platform !== 'linux')('under `ulimit -f 64` a Node write past 32 KiB fails with EFBIG; the process is not killed', () => {
    const script = `const s=require('fs').createWriteStream(process.argv[1]);s.on('error',e=>{console.log(e.code);process.exitCode=3});s.end(Buffer.alloc(${LIMIT_BYTES * 2}))`;
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    const out = spawnSync('sh', ['-c', 'ulimit -f 64; exec "$0" -e "$1" "$2"', process.execPath, script, join(dir, 'big.bin')], { encoding: 'utf8', timeout: 10_000 });
    execFileSync('rm', ['-rf', dir]);
    expect(out.signal).toBeNull();
    expect(out.stdout.trim()).toBe('EFBIG');
    expect(out.status).toBe(3);
  });

  test.skipIf(!canLimit)('disk full mid-file: cancel with DISK_ERROR, no file under its name, the peer lives on', async () => {
    let answer = '';
    const result = await runOnReference(
      fileTransferLab,
      check('hardening.disk-full', 'a write failing mid-file is a DISK_ERROR', 40_000, async (ctx) => {
        const { run, carol } = await inSession(ctx);
        // The limit is set on the running peer (what `ulimit -f 64` would have set before exec): the
        // grader starts the peer itself, and the peer writes nothing of its own past 32 KiB.
        const pid = run.peer.pid ?? fail({ expected: 'a peer process', got: 'no pid', why: 'the limit is set on it' });
        execFileSync('prlimit', ['--pid', String(pid), `--fsize=${LIMIT_BYTES}:${LIMIT_BYTES}`]);
        const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
        if (!new RegExp(`Max file size\\s+${LIMIT_BYTES}\\s+${LIMIT_BYTES}`).test(limits)) fail({ expected: 'the file-size limit in place', got: limits, why: 'otherwise nothing fails' });

        const big = seededBytes(ctx, 1_000_000);
        carol.party.send({ type: 'offer', xfer: 'x-big', name: 'big.bin', size: big.length, sha256: sha256(big) });
        await carol.party.expect('accept', { xfer: 'x-big' }, { why: 'the folder is fine; only the writes will fail', skip: NOISE });
        // The receiver may stop reading once its writes fail, so do not wait for the last frames to drain.
        void sendDataFrames(carol.party, 'x-big', big).catch(() => {});
        const why = 'a write that fails is a DISK_ERROR for the sender, never a crash and never a file that looks complete';
        const reply = await carol.party.expectOneOf(['cancel', 'file_bad', 'decline'], { xfer: 'x-big' }, { why, skip: NOISE, timeoutMs: 20_000 });
        answer = JSON.stringify(reply);
        if (reply.type !== 'cancel' || reply.reason !== 'DISK_ERROR') fail({ expected: 'cancel with reason DISK_ERROR', got: answer, why });
        await run.peer.expectEvent('error', { code: 'DISK_ERROR' }, { why: 'the user is told why the file did not arrive', timeoutMs: 5_000, skipOthers: true });
        const left = await everything(run.downloads);
        if (left.length > 0) fail({ expected: 'an empty downloads folder (no big.bin, no temporary file)', got: left.join(', '), why });

        // Not crashed: a file under the limit still arrives whole in the same session.
        const small = seededBytes(ctx, 10_000);
        carol.party.send({ type: 'offer', xfer: 'x-small', name: 'small.bin', size: small.length, sha256: sha256(small) });
        await carol.party.expect('accept', { xfer: 'x-small' }, { why: 'the peer is still up', skip: NOISE });
        await sendDataFrames(carol.party, 'x-small', small);
        await carol.party.expect('file_ok', { xfer: 'x-small', sha256: sha256(small) }, { why: 'the peer is still up', skip: NOISE, timeoutMs: 10_000 });
        const saved = await readFile(join(run.downloads, 'small.bin'));
        if (!saved.equals(small)) fail({ expected: 'small.bin saved byte for byte', got: `${saved.length} bytes`, why: 'the peer is still up' });
        const now = await everything(run.downloads);
        if (now.join() !== 'small.bin') fail({ expected: 'only small.bin in the downloads', got: now.join(', '), why });
        run.peer.expectNoStackTrace('a full disk is an expected failure, not a crash');
      }),
    );
    expect(result.passed, story(result)).toBe(true);
    console.log(`disk full: answer ${answer}; check took ${Math.round(result.durationMs)} ms`);
  }, 60_000);

  test('a regular file where the downloads folder should be: decline with DISK_ERROR, nothing written', async () => {
    let answer = '';
    const result = await runOnReference(
      fileTransferLab,
      check('hardening.downloads-not-a-folder', 'an unusable downloads path is a DISK_ERROR', 30_000, async (ctx) => {
        const { run, carol } = await inSession(ctx);
        await writeFile(run.downloads, 'in the way\n');
        const before = await everything(dirname(run.downloads));
        const bytes = seededBytes(ctx, 5_000);
        carol.party.send({ type: 'offer', xfer: 'x-nowhere', name: 'notes.txt', size: bytes.length, sha256: sha256(bytes) });
        const why = 'a receiver that cannot create the file says so at once (docs/PROTOCOL.md, offer)';
        const reply = await carol.party.expectOneOf(['decline', 'accept', 'cancel'], { xfer: 'x-nowhere' }, { why, skip: NOISE, timeoutMs: 10_000 });
        answer = JSON.stringify(reply);
        if (reply.type !== 'decline' || reply.reason !== 'DISK_ERROR') fail({ expected: 'decline with reason DISK_ERROR', got: answer, why });
        const content = await readFile(run.downloads, 'utf8');
        if (content !== 'in the way\n' || !(await stat(run.downloads)).isFile()) fail({ expected: 'the file in the way untouched', got: content, why: 'nothing is written' });
        const after = await everything(dirname(run.downloads));
        if (after.join() !== before.join()) fail({ expected: before.join(', '), got: after.join(', '), why: 'nothing is written next to it either' });
        // The peer is still up and answers the next offer the same way.
        carol.party.send({ type: 'offer', xfer: 'x-again', name: 'notes.txt', size: bytes.length, sha256: sha256(bytes) });
        await carol.party.expect('decline', { xfer: 'x-again', reason: 'DISK_ERROR' }, { why, skip: NOISE });
        run.peer.expectNoStackTrace('an unusable folder is an expected failure, not a crash');
      }),
    );
    expect(result.passed, story(result)).toBe(true);
    console.log(`downloads not a folder: answer ${answer}; check took ${Math.round(result.durationMs)} ms`);
  }, 45_000);
});
