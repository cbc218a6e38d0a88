// Lab 05 starter: this peer's own transcript in a local SQLite file, --history-db (README step 6).
export interface TranscriptLine {
  from: string;
  text: string;
  at: string;
}

export class Transcript {
  /** Opens (or creates) the file and its table; throws when it cannot. */
  constructor(path: string) {
    // TODO (step 6): open the database (create its folder), choose its journal and sync mode, create
    //   the table of messages if needed, prepare the statements.
    throw new Error(`TODO (README step 6): open the transcript ${path}`);
  }

  /** Keeps one line, committed before this returns. */
  add(owner: string, partner: string, session: string, from: string, text: string): void {
    throw new Error(`TODO (README step 6): keep ${from}'s line to ${owner === from ? partner : owner} in ${session} (${text.length} characters)`);
  }

  /** The last `limit` lines between two users, oldest first. */
  latest(owner: string, partner: string, limit: number): TranscriptLine[] {
    throw new Error(`TODO (README step 6): the last ${limit} lines between ${owner} and ${partner}`);
  }
}
