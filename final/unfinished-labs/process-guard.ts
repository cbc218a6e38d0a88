// An unfinished step met in a callback (a socket's 'data', a server's 'connection') has no caller to
// catch it, and Node would end the whole program: the tracker with everyone on it, the page with it.
// The final app's programs report it as a need and go on. Any other uncaught error still ends the
// program with its stack and exit code 1, as it would without this guard.
import type { NeedBoard } from './need-board.ts';

export function guardUnfinishedLabs(board: NeedBoard): void {
  process.on('uncaughtException', (error) => {
    if (board.reportError(error)) return;
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    if (board.reportError(reason)) return;
    throw reason; // ends the program through the handler above
  });
}
