// Relative links in markdown that lead nowhere: in a copy of the kit that leaves folders out (the
// student edition), a README must not point at what the copy does not have.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface BrokenLink {
  /** The markdown file, kit-relative. */
  file: string;
  /** The link as written. */
  target: string;
}

// [text](target) and ![alt](target), with an optional "title"; and reference definitions "[id]: target".
const INLINE = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** The lines of a markdown text outside fenced code blocks (``` or ~~~), fence lines left out. */
export function linesOutsideFences(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence === undefined) lines.push(line);
  }
  return lines;
}

/** The targets of the links in one markdown text, outside code blocks and code spans. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of linesOutsideFences(markdown)) {
    const prose = line.replace(/(`+)[\s\S]*?\1/g, '');
    for (const match of prose.matchAll(INLINE)) if (match[1]) targets.push(match[1]);
    const definition = DEFINITION.exec(prose)?.[1];
    if (definition) targets.push(definition);
  }
  return targets;
}

/** Every relative link of these markdown files (kit-relative paths under root) whose file or folder is absent. */
export function brokenLinks(root: string, markdownFiles: string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles) {
    for (const target of linkTargets(readFileSync(join(root, file), 'utf8'))) {
      if (EXTERNAL.test(target)) continue;
      const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
      if (path === '') continue;
      const resolved = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(file), path);
      if (!existsSync(join(root, resolved))) broken.push({ file, target });
    }
  }
  return broken;
}
