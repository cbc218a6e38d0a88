// Borrowing: grading a lab with some earlier labs taken from the reference solutions instead of the
// student's own code (for a student stuck on an earlier lab, once the instructor released it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BORROW_REGISTER = new URL('./borrow-register.mjs', import.meta.url).href;

/** A flag that needs reference solutions this copy does not have (the student edition leaves them out). */
export class MissingReferences extends Error {
  override readonly name = 'MissingReferences';
  constructor(flag: string, slugs: string[]) {
    const folders = slugs.map((slug) => `solutions/${slug}/`).join(', ');
    const many = slugs.length > 1;
    super(
      `${flag} needs the reference solution${many ? 's' : ''} of ${slugs.map((slug) => `Lab ${slug.slice(0, 2)}`).join(', ')}, which ${many ? 'are' : 'is'} not in this copy: ` +
        `the student edition leaves the reference solutions out. Your instructor can publish ${many ? 'them' : 'it'} (for example once the lab is due): ` +
        `with ${folders} in your repository, ${flag} works here.`,
    );
  }
}

/** The folder pairs to swap, as file URLs ending in "/", for the environment of the student's programs. */
export function borrowMappings(labsRoot: string, solutionsRoot: string, slugs: string[]): Array<[string, string]> {
  const missing = slugs.filter((slug) => !existsSync(join(solutionsRoot, slug)));
  if (missing.length > 0) throw new MissingReferences(`--borrow ${slugs.map((slug) => slug.slice(0, 2)).join(',')}`, missing);
  return slugs.map((slug) => [`${pathToFileURL(join(labsRoot, slug)).href}/`, `${pathToFileURL(join(solutionsRoot, slug)).href}/`]);
}
