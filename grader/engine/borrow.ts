// Borrowing: grading a lab with some earlier labs taken from the reference solutions instead of the
// student's own code (for a student stuck on an earlier lab, once the instructor released it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BORROW_REGISTER = new URL('./borrow-register.mjs', import.meta.url).href;

/** The folder pairs to swap, as file URLs ending in "/", for the environment of the student's programs. */
export function borrowMappings(labsRoot: string, solutionsRoot: string, slugs: string[]): Array<[string, string]> {
  return slugs.map((slug) => {
    const reference = join(solutionsRoot, slug);
    if (!existsSync(reference)) throw new Error(`cannot borrow ${slug}: there is no reference solution at ${reference}`);
    return [`${pathToFileURL(join(labsRoot, slug)).href}/`, `${pathToFileURL(reference).href}/`];
  });
}
