// The demo starts its programs in process groups of their own, so that one Ctrl+C reaches the demo
// alone and it stops them in order (peers before the tracker). The price: nothing else stops them when
// the demo itself goes (a closed terminal's SIGHUP, a kill -9), and they would hold their ports. So
// the demo gives each a pipe on standard input and keeps the other end: when it closes, whatever
// became of the demo, the program stops as Ctrl+C stops it.
export const STOP_WITH_PARENT_ENV = 'SIC_STOP_WITH_PARENT';

/** Arms the stop, when the program was started by the demo (and only then: a terminal's stdin stays). */
export function stopWithParent(): void {
  if (process.env[STOP_WITH_PARENT_ENV] !== '1') return;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.kill(process.pid, 'SIGINT');
  };
  process.stdin.on('end', stop).on('close', stop).on('error', stop);
  process.stdin.resume();
}
