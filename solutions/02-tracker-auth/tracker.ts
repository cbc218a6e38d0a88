// Lab 02: the tracker. Listens on its well-known port, keeps accounts in SQLite, and logs peers in.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput } from '#kit/cli/output.ts';
import { parseTrackerCommand, TRACKER_USAGE } from '#kit/programs/tracker-command.ts';
import { runTracker } from './run-tracker.ts';

await runProgram(TRACKER_USAGE, async () => {
  const command = parseTrackerCommand(process.argv.slice(2));
  if (command.mode === 'help') return void console.log(TRACKER_USAGE.trim());
  await runTracker(command, createOutput({ json: command.json }));
});
