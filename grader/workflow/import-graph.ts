// Which kit files a TypeScript file imports, found from its text: enough to tell whether removing a
// file leaves another one importing it (relative imports and the kit's #kit/ subpath imports).
import { posix } from 'node:path';

const SPECIFIERS = [
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\.meta\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Kit-relative paths imported by the file at `path` (kit-relative too); packages are left out. */
export function importedKitFiles(path: string, source: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('#kit/')) found.add(posix.join('kit', specifier.slice('#kit/'.length)));
      else if (specifier.startsWith('./') || specifier.startsWith('../')) found.add(posix.normalize(posix.join(posix.dirname(path), specifier)));
    }
  }
  return [...found];
}
