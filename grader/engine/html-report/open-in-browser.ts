// `--open`: hands the report to the system's opener (xdg-open, open, start). A machine without one (a
// server over SSH, a container) is no error: the grader says so and names the file to open by hand.
import { spawn } from 'node:child_process';

const OPENER_WAIT_MS = 5_000;

export interface Opener {
  command: string;
  args: string[];
}

function openerFor(platform: NodeJS.Platform, path: string): Opener {
  if (platform === 'darwin') return { command: 'open', args: [path] };
  // start is a command of cmd.exe; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', path] };
  return { command: 'xdg-open', args: [path] };
}

/** Resolves with undefined when the opener took the file, or with a sentence saying why not. */
export function openInBrowser(path: string, opener: Opener = openerFor(process.platform, path)): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
    } catch (error) {
      resolve(`could not run ${opener.command}: ${(error as Error).message}`);
      return;
    }
    // An opener that hands the file over and keeps running (some do) must not hold the grader.
    const timer = setTimeout(() => {
      child.unref();
      resolve(undefined);
    }, OPENER_WAIT_MS);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ENOENT' ? `there is no ${opener.command} on this machine` : `${opener.command} failed: ${error.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : `${opener.command} exited with code ${code}`);
    });
  });
}
