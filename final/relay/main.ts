// The final app's relay: Lab 06's relay program, run by the final tracker (final/tracker/relay-child.ts)
// on the labs `#labs/*` points at. An unfinished step is printed as a lab_needed event (the tracker
// shows it on the dashboard and carries on without a relay) instead of a stack.
import { createOutput } from '#kit/cli/output.ts';
import { runRelayProgram } from '#kit/relay/relay-program.ts';
import { lab06 } from '../lab06-plug.ts';
import { stopWithParent } from '../demo/stop-with-parent.ts';
import { needText, type LabNeed } from '../shared/lab-need.ts';
import { NeedBoard } from '../unfinished-labs/need-board.ts';
import { guardUnfinishedLabs } from '../unfinished-labs/process-guard.ts';

const needs = new NeedBoard();
guardUnfinishedLabs(needs);
const out = createOutput<{ lab_needed: LabNeed }>({ json: process.argv.includes('--json') });
needs.on('need', (need) => out.emit('lab_needed', need, needText(need)));
stopWithParent();

await runRelayProgram({
  startRelay: async (options, events) => {
    try {
      return await lab06.startRelay(options, events);
    } catch (error) {
      if (!needs.reportError(error, 'the relay')) throw error;
      process.exit(1);
    }
  },
});
