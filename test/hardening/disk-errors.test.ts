// What Lab 04's receive.disk-full check (grader/labs/04-file-transfer/disk-fault-checks.ts) relies on:
// a program started under `ulimit -f`, as the grader starts it, gets EFBIG from a write past the limit
// instead of being killed by SIGXFSZ. The disk faults themselves are graded on every peer, the
// reference included, by receive.disk-full and receive.no-folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/** The file-size limit: 64 blocks of 512 bytes, what `ulimit -f 64` sets in a POSIX shell. */
const LIMIT_BYTES = 64 * 512;

describe('a write past the file-size limit', () => {
  test.skipIf(process.platform === 'win32')('under `ulimit -f 64` a Node write past 32 KiB fails with EFBIG; the process is not killed', () => {
    const script = `const s=require('fs').createWriteStream(process.argv[1]);s.on('error',e=>{console.log(e.code);process.exitCode=3});s.end(Buffer.alloc(${LIMIT_BYTES * 2}))`;
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    const out = spawnSync('/bin/sh', ['-c', 'ulimit -f 64 && exec "$@"', 'sh', process.execPath, '-e', script, join(dir, 'big.bin')], { encoding: 'utf8', timeout: 10_000 });
    execFileSync('rm', ['-rf', dir]);
    expect(out.signal).toBeNull();
    expect(out.stdout.trim()).toBe('EFBIG');
    expect(out.status).toBe(3);
  });
});
