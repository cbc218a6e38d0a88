// npm run my-port: the port to use for hand runs on a machine shared with others, and whether
// something already listens there. `--bare` prints the number alone, for `$(npm run --silent my-port -- --bare)`.
import net from 'node:net';
import { parseFlags, runProgram } from './flags.ts';
import { ownPort } from './own-port.ts';

const USAGE = `
usage: npm run my-port [-- --bare]

Prints the port that is yours on this machine (from your user id), to use instead of 9876 when you
run a tracker and peers by hand on a machine other students use too.
  --bare   the number alone`;

/** A loopback connect that answers within this is a listener; nothing listening is refused at once. */
const PROBE_TIMEOUT_MS = 500;

function somethingListens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (listening: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(listening);
    };
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

await runProgram(USAGE, async () => {
  const flags = parseFlags(process.argv.slice(2), { bare: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flags.help) return void console.log(USAGE.trim());
  const { port, from } = ownPort();
  if (flags.bare) return void console.log(port);
  const busy = await somethingListens(port);
  console.log(
    [
      `Your port on this machine: ${port} (from your ${from}; other accounts get other ports).`,
      '',
      `  npx tsx labs/NN-name/tracker.ts --port ${port} --db data/tracker.db`,
      `  npx tsx labs/NN-name/peer.ts --tracker 127.0.0.1:${port}      (client.ts in Lab 02)`,
      '',
      busy
        ? `Something already listens on ${port}: probably a tracker of yours still running (stop it with Ctrl+C in its terminal).`
        : `Nothing listens on ${port} now: it is free for your tracker.`,
    ].join('\n'),
  );
});
