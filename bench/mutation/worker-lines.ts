// What the grade worker tells the benchmark, one JSON object per stdout line.
export type WorkerLine =
  /** A program file of the lab that a check started (e.g. peer.ts). */
  | { type: 'started'; file: string }
  /**
   * A check finished. `kind` says what ended a failed one, as the grader's Failure.kind: 'expectation'
   * (one of its own), 'protocol' (a breach of docs/PROTOCOL.md), 'start' (a program never got ready),
   * 'timeout' (the check outlived its bound), 'grader' (the grader itself broke).
   */
  | { type: 'check'; id: string; passed: boolean; kind?: string; got?: string }
  | { type: 'done'; durationMs: number };

export function parseWorkerLine(line: string): WorkerLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as WorkerLine;
    return typeof parsed === 'object' && parsed !== null && 'type' in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}
