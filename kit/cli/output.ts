// One way for every program to report what happens: JSON lines for the grader (--json), readable
// lines for people. Both come from the same call, so they can never disagree.
export type EventFields = Record<string, unknown>;

export interface Output {
  readonly json: boolean;
  /** Reports one event. `human` is the line shown without --json; a default is made from the fields. */
  emit(event: string, fields?: EventFields, human?: string): void;
  /** A message for people only (help text, notices); never printed in --json mode. */
  note(text: string): void;
}

export interface OutputOptions {
  json: boolean;
  write?: (line: string) => void;
}

export function createOutput({ json, write = (line) => process.stdout.write(line) }: OutputOptions): Output {
  return {
    json,
    emit(event, fields = {}, human) {
      if (json) write(JSON.stringify({ event, ...fields }) + '\n');
      else write((human ?? describeEvent(event, fields)) + '\n');
    },
    note(text) {
      if (!json) write(text + '\n');
    },
  };
}

/** `[event] key=value …`, quoting strings so that spaces and empty values stay visible. */
export function describeEvent(event: string, fields: EventFields): string {
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return [`[${event}]`, ...parts].join(' ');
}
