// Students' programs run with the grader's rights unless something stops them. In a batch the grader
// and the programs it starts run inside bubblewrap (bwrap, the sandbox Flatpak is built on): the whole
// file system read-only except a fresh /tmp and the student's report folder, a network namespace of
// their own with only loopback, their own process tree, and nothing left running when the batch stops.
import { spawnSync } from 'node:child_process';

export type SandboxChoice = 'auto' | 'bwrap' | 'off';

export interface Sandbox {
  /** How the batch describes it in its first lines and in the gradebook's folder. */
  description: string;
  /**
   * The command line that runs `argv` inside the sandbox, able to write only into `writable`; the
   * private /tmp hides the real one, so folders there that it reads must be named in `readable`.
   */
  wrap(argv: string[], writable: string[], readable: string[]): string[];
}

const NONE: Sandbox = { description: 'none: student programs run with your rights (--sandbox off)', wrap: (argv) => argv };

/** bwrap works only where unprivileged user namespaces are allowed: try it once. */
export function bwrapWorks(): boolean {
  const run = spawnSync('bwrap', ['--ro-bind', '/', '/', '--unshare-net', '--die-with-parent', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return run.status === 0;
}

export function chooseSandbox(choice: SandboxChoice): Sandbox {
  if (choice === 'off') return NONE;
  if (bwrapWorks()) return BWRAP;
  if (choice === 'bwrap') throw new Error('--sandbox bwrap: bubblewrap does not run here (install the bubblewrap package; it needs unprivileged user namespaces)');
  return { ...NONE, description: 'none: bubblewrap is not installed or cannot run here, so student programs run with your rights (install bubblewrap, or pass --sandbox off to say you mean it)' };
}

const BWRAP: Sandbox = {
  description: 'bubblewrap: read-only file system, a private /tmp, loopback only, own process tree',
  wrap(argv, writable, readable) {
    return [
      'bwrap',
      '--ro-bind', '/', '/',
      '--dev', '/dev',
      '--proc', '/proc',
      '--tmpfs', '/tmp',
      ...readable.flatMap((dir) => ['--ro-bind', dir, dir]),
      ...writable.flatMap((dir) => ['--bind', dir, dir]),
      '--unshare-net',
      '--unshare-pid',
      '--die-with-parent',
      '--new-session',
      '--',
      ...argv,
    ];
  },
};
