// The shell of Lab 06's relay program: flags, the secret, listening, the ready event, and a clean stop
// on Ctrl+C or SIGTERM. The lab supplies startRelay: pairing and copying, the part worth writing.
import { runProgram } from '../cli/flags.ts';
import { createOutput, type Output } from '../cli/output.ts';
import type { RelayEvents, RelayServerEvents } from '../protocol/events.ts';
import { exitAfterStartFailure } from '../programs/start-failure.ts';
import { parseRelayCommand, RELAY_USAGE, type RelayOptions } from '../programs/relay-command.ts';

export interface RelayParts {
  startRelay(options: RelayOptions, out: Output<RelayServerEvents>): Promise<{ port: number; close(): Promise<void> }>;
}

export async function runRelayProgram(parts: RelayParts): Promise<void> {
  await runProgram(RELAY_USAGE, async () => {
    const command = parseRelayCommand(process.argv.slice(2));
    if (command.mode === 'help') return void console.log(RELAY_USAGE.trim());
    const out = createOutput<RelayEvents>({ json: command.json });
    let relay: { port: number; close(): Promise<void> };
    try {
      relay = await parts.startRelay(command, out);
    } catch (error) {
      exitAfterStartFailure(out, error, { listening: `on ${command.host}:${command.port}` });
    }
    out.emit('ready', { host: command.host, port: relay.port }, `relay listening on ${command.host}:${relay.port} (at most ${command.maxSessions} sessions)`);
    const stop = async () => {
      await relay.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}
