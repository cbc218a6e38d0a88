// Lab 04 starter: give a verified file its final name, never overwriting (README step 2).

/**
 * Moves `tempPath` to the first free name for `name` in `dir` ("notes.txt", else "notes-1.txt",
 * "notes-2.txt", …) and returns that path. Two receivers must not pick the same name at once:
 * create the final name in a way that fails if it exists (fs.link does; rename does not).
 */
export async function publishWithoutOverwrite(tempPath: string, dir: string, name: string): Promise<string> {
  throw new Error(`TODO (README step 2): publish ${tempPath} as ${name} in ${dir}`);
}

/** "notes.txt", 2 → "notes-2.txt"; 0 leaves the name as it is; a name without extension (or a dot file) gets the number at the end. */
export function numberedName(name: string, number: number): string {
  throw new Error(`TODO (README step 2): number ${number} of ${name}`);
}
