// docs/COURSE.md is where the kit names the assignments it teaches (A1 to A5). Students and instructors
// have no other copy of the assignment texts, so nothing in the kit may point past it: no assignment
// by its file number, no other brief. Every link to one of its headings must land, every
// "assignment AN" must be one it defines, and its tables may name only lab steps and checks that exist.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS } from '../../grader/labs/index.ts';
import { listKitFiles } from '../../grader/workflow/kit-files.ts';
import { linkTargets } from '../../grader/workflow/markdown-links.ts';
import { headingsOf } from './markdown-headings.ts';

const COURSE = 'docs/COURSE.md';
const course = readFileSync(join(REPO_ROOT, COURSE), 'utf8');
const anchors = new Set(headingsOf(course).map((heading) => heading.anchor));
const assignments = new Set(headingsOf(course).filter((h) => h.level === 2).map((h) => /^(A\d+)\s/.exec(h.text)?.[1]).filter(Boolean));

/** Every text file of the kit (binary files hold a NUL byte), with its kit-relative path. */
const textFiles = listKitFiles(REPO_ROOT)
  .map((path) => ({ path, bytes: readFileSync(join(REPO_ROOT, path)) }))
  .filter((file) => !file.bytes.includes(0))
  .map((file) => ({ path: file.path, text: file.bytes.toString('utf8') }));

const hits = (pattern: RegExp) => textFiles.flatMap(({ path, text }) => [...text.matchAll(pattern)].map((match) => ({ path, match })));

describe('references to the assignments', () => {
  test('no file names an assignment by the number of its text, or points to another brief', () => {
    expect(textFiles.length).toBeGreaterThan(100);
    const stale = hits(/seeds?\s+0\d\d|course\s+brief/gi).map(({ path, match }) => `${path}: "${match[0]}"`);
    expect(stale, 'name the assignment as docs/COURSE.md does (A1 … A5)').toEqual([]);
  });

  test(`every link to a heading of ${COURSE} lands on one`, () => {
    const linked: string[] = [];
    const broken: string[] = [];
    const check = (path: string, anchor: string) => {
      linked.push(anchor);
      if (!anchors.has(decodeURIComponent(anchor))) broken.push(`${path}: #${anchor}`);
    };
    // Markdown links, relative to the file that holds them (a link inside COURSE.md may be "#anchor" alone).
    for (const { path, text } of textFiles.filter((file) => file.path.endsWith('.md'))) {
      for (const target of linkTargets(text)) {
        const [file = '', anchor] = target.split('#');
        if (anchor === undefined || /^[a-z][a-z0-9+.-]*:/i.test(file)) continue;
        const resolved = file === '' ? path : posix.join(posix.dirname(path), file);
        if (resolved === COURSE) check(path, anchor);
      }
    }
    // Anywhere else (comments, messages, code spans): the file name, "#" and the anchor, written out.
    for (const { path, match } of hits(/COURSE\.md#([\w%-]+)/g)) check(path, match[1]!);
    expect([...new Set(broken)]).toEqual([]);
    expect(linked.length, 'the kit links the assignments by their headings').toBeGreaterThan(20);
  });

  test(`every "assignment AN" is one that ${COURSE} describes`, () => {
    expect([...assignments]).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    const named = hits(/\bassignments?\s+(A\d+)\b/gi);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter(({ match }) => !assignments.has(match[1]!.toUpperCase())).map(({ path, match }) => `${path}: "${match[0]}"`)).toEqual([]);
  });
});

interface Row {
  line: number;
  requirement: string;
  taughtIn: string;
  gradedBy: string;
}

/** The rows of every table in COURSE.md that has "taught in" and "graded by" columns. */
function requirementRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let columns: string[] | undefined;
  markdown.split('\n').forEach((line, index) => {
    if (!line.startsWith('|')) {
      columns = undefined;
      return;
    }
    const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((cell) => cell.trim());
    if (columns === undefined) columns = cells.map((cell) => cell.toLowerCase());
    else if (!cells.every((cell) => /^:?-+:?$/.test(cell)) && columns.includes('taught in') && columns.includes('graded by')) {
      const cell = (name: string) => cells[columns!.indexOf(name)] ?? '';
      rows.push({ line: index + 1, requirement: cell('requirement'), taughtIn: cell('taught in'), gradedBy: cell('graded by') });
    }
  });
  return rows;
}

describe(COURSE, () => {
  const rows = requirementRows(course);
  const labOf = (id: string) => LABS.find((lab) => lab.id === id);

  test('names, for each requirement, lab steps that exist or a lab still planned', () => {
    expect(rows.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const row of rows) {
      const where = `line ${row.line} (${row.requirement})`;
      const steps = [...row.taughtIn.matchAll(/Lab (\d{2}),? steps? (\d+(?:(?:,\s*| and | to )\d+)*)/g)];
      for (const [, id, numbers] of steps) {
        const lab = labOf(id!);
        for (const step of numbers!.match(/\d+/g) ?? []) if (!lab?.steps[Number(step)]) wrong.push(`${where}: Lab ${id} has no step ${step}`);
      }
      const planned = [...row.taughtIn.matchAll(/planned: Lab (\d{2})/g)].map((match) => match[1]!);
      for (const id of planned) if (labOf(id)) wrong.push(`${where}: Lab ${id} exists, it is no longer planned`);
      if (steps.length === 0 && planned.length === 0 && !row.taughtIn.includes('final app')) wrong.push(`${where}: no lab step, no final app, nothing planned`);
    }
    expect(wrong).toEqual([]);
  });

  test('names only checks that exist, each under its lab', () => {
    const wrong: string[] = [];
    let named = 0;
    for (const row of rows) {
      const where = `line ${row.line} (${row.requirement})`;
      let placed = 0;
      for (const [, id, list] of row.gradedBy.matchAll(/Lab (\d{2}): ([^;]*)/g)) {
        const lab = labOf(id!);
        for (const [, check] of list!.matchAll(/`([^`]+)`/g)) {
          placed += 1;
          if (!lab?.checks.some((c) => c.id === check)) wrong.push(`${where}: Lab ${id} has no check ${check}`);
        }
      }
      // A check id outside "Lab NN: …" could belong to any lab, so it says nothing.
      const ticked = row.gradedBy.match(/`[^`]+`/g)?.length ?? 0;
      if (ticked !== placed) wrong.push(`${where}: ${ticked - placed} check id(s) not under "Lab NN:"`);
      named += placed;
    }
    expect(wrong).toEqual([]);
    expect(named).toBeGreaterThan(100);
  });
});
