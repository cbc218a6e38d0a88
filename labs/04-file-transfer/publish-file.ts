// Lab 04 starter: give a verified file its final name, never overwriting (README step 2).

/**
 * Moves `tempPath` to the first free name for `name` in `dir` ("notes.txt", else "notes-1.txt",
 * "notes-2.txt", …) and returns that path. Two receivers must not pick the same name at once:
 * create the final name in a way that fails if it exists (fs.link does; rename does not).
 */
export async function publishWithoutOverwrite(tempPath: string, dir: string, name: string): Promise<string> {
  throw new Error(`TODO (README step 2): publish ${tempPath} as ${name} in ${dir}`);
}
