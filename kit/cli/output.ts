// One way for every program to report what happens: JSON lines for the grader (--json), readable
// lines for people. Both come from the same call, so they can never disagree. The events a program may
// print are its table in kit/protocol/events.ts (docs/PROTOCOL.md §9): emit() takes nothing else.

export type EventFields = Record<string, unknown>;

/** The arguments of one emit(): an event of the table E, its fields, and optionally its line for people. */
export type EmitArgs<E> = { [N in keyof E & string]: [event: N, fields: E[N], human?: string] }[keyof E & string];

/** The output of a program that prints the events of E, e.g. `Output<PeerEvents>`. */
export interface Output<E> {
  readonly json: boolean;
  /** Reports one event. `human` is the line shown without --json; a default is made from the fields. */
  readonly emit: (...args: EmitArgs<E>) => void;
  /** A message for people only (help text, notices); never printed in --json mode. */
  note(text: string): void;
}

export interface OutputOptions {
  json: boolean;
  write?: (line: string) => void;
}

/** The output of a program; name its events, e.g. `createOutput<TrackerEvents>({ json })`. */
export function createOutput<E>({ json, write = (line) => process.stdout.write(line) }: OutputOptions): Output<E> {
  watchStdout();
  // A program's writer ends on its standard output: once nobody reads that, nothing more is written.
  const print = (line: string) => {
    if (!readerGone) write(line + '\n');
  };
  const emit = (event: string, fields: EventFields, human?: string) => {
    print(json ? JSON.stringify({ event, ...fields }) : (human ?? describeEvent(event, fields)));
  };
  return {
    json,
    // The table only narrows what callers may pass; every event prints the same way.
    emit: emit as Output<E>['emit'],
    note(text) {
      if (!json) print(text);
    },
  };
}

/** `[event] key=value …`, quoting strings so that spaces and empty values stay visible. */
export function describeEvent(event: string, fields: EventFields): string {
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return [`[${event}]`, ...parts].join(' ');
}

// ── When nobody reads standard output any more ─────────────────────────────────────────────────

let watching = false;
let readerGone = false;

/**
 * A write to a pipe whose reader has gone (the grader or a script that read our events ended, a
 * `| head` that had enough) fails with EPIPE, which Node turns into an unhandled 'error' and a stack
 * trace. A program nobody can hear any more should end, as any Unix program ends on SIGPIPE, but
 * cleanly: so it writes nothing more to standard output and stops as Ctrl+C stops it. The programs
 * that run until stopped already have their clean stop on SIGINT (the tracker closes its connections
 * and its database, a peer says bye and logs out, the receiver deletes unfinished files); the others
 * end as Ctrl+C ends them.
 */
function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (readerGone) return; // later writes (a prompt's echo, say) fail the same way
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
    process.kill(process.pid, 'SIGINT');
  });
}
