// Holds grader/requirements.ts against docs/PROTOCOL.md, and each lab README's "Checks:" promises
// against the lab's checks: a requirement or a promise without a check fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PARTY_PROBES } from '../../grader/engine/json-party.ts';
import { MONITOR_RULES } from '../../grader/engine/monitor/rules.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS, LABS_IN_PROGRESS } from '../../grader/labs/index.ts';
import { PROTOCOL_REQUIREMENTS, REFERENCE_TESTS, type GradedBy } from '../../grader/requirements.ts';

const protocol = readFileSync(join(REPO_ROOT, 'docs', 'PROTOCOL.md'), 'utf8');

/** Every sentence of the document that says MUST or MUST NOT (not the RFC 2119 convention). */
function mustSentences(text: string): string[] {
  const units = text
    .replace(/```[\s\S]*?```/g, '')
    .split(/\n\s*\n|\n(?=\s*[-*|] )|\n(?=\|)/)
    .map((unit) => unit.replace(/\s+/g, ' ').trim());
  return units
    .flatMap((unit) => unit.split(/(?<=[.;])\s+(?=[A-Z`*])|\s\|\s/))
    .filter((sentence) => /\bMUST\b/.test(sentence) && !/used as in RFC 2119/.test(sentence));
}

function exists(by: GradedBy): boolean {
  if ('kitTest' in by) return by.kitTest.startsWith('test/kit/') && existsSync(join(REPO_ROOT, by.kitTest));
  if ('monitor' in by) return Object.hasOwn(MONITOR_RULES, by.monitor);
  if ('probe' in by) return Object.hasOwn(PARTY_PROBES, by.probe);
  return LABS.some((lab) => lab.id === by.lab && lab.checks.some((check) => check.id === by.check));
}

describe('every MUST of docs/PROTOCOL.md is graded', () => {
  const sentences = mustSentences(protocol);

  test('the document has requirements to grade', () => {
    expect(sentences.length).toBeGreaterThan(5);
  });

  test.each(sentences)('%s', (sentence) => {
    const entries = PROTOCOL_REQUIREMENTS.filter((r) => sentence.includes(r.quote));
    expect(entries, `no line of grader/requirements.ts quotes this MUST`).toHaveLength(1);
    const [entry] = entries;
    const pending = entry!.pending;
    if (pending) {
      // Allowed only while the lab is unreleased, and only with a test of the reference meanwhile.
      expect(LABS.find((lab) => lab.id === pending.lab)?.released, `Lab ${pending.lab} is released: its checks must grade this`).not.toBe(true);
      const building = LABS_IN_PROGRESS.find((lab) => lab.id === pending.lab);
      expect(pending.checks.filter((id) => !building?.checks.some((check) => check.id === id)), `checks of Lab ${pending.lab} in progress`).toEqual([]);
      // The student edition has no tests of the references: there, only the release rule holds.
      if (existsSync(join(REPO_ROOT, REFERENCE_TESTS))) expect(existsSync(join(REPO_ROOT, REFERENCE_TESTS, pending.referenceTest)), pending.referenceTest).toBe(true);
    } else if (entry!.notObservable) expect(entry!.gradedBy).toEqual([]);
    else expect(entry!.gradedBy.length, 'graded by nothing').toBeGreaterThan(0);
    expect(entry!.gradedBy.filter((by) => !exists(by)), 'names a check, rule or probe that does not exist').toEqual([]);
  });

  test('every line of the table quotes a MUST sentence of the document', () => {
    const stale = PROTOCOL_REQUIREMENTS.filter((r) => !sentences.some((sentence) => sentence.includes(r.quote)));
    expect(stale.map((r) => r.quote)).toEqual([]);
  });
});

describe("every lab README's \"Checks:\" promises are checks, and every check is promised", () => {
  for (const lab of LABS.filter((l) => l.released)) {
    test(`Lab ${lab.id}`, () => {
      const readme = readFileSync(join(REPO_ROOT, 'labs', lab.slug, 'README.md'), 'utf8');
      const promised = new Set<string>();
      const areas = new Set(lab.checks.map((check) => check.id.split('.')[0]!));
      for (const paragraph of readme.split(/\n\s*\n/)) {
        if (!/^\*\*Checks?:\*\*/.test(paragraph.trimStart())) continue;
        // A check id is `area.behaviour` with an area of this lab (file names like `notes.txt` are not).
        for (const [, id, area] of paragraph.matchAll(/`(([a-z][a-z0-9-]*)\.[a-z][a-z0-9.-]*)`/g)) if (areas.has(area!)) promised.add(id!);
      }
      const ids = lab.checks.map((check) => check.id);
      expect([...promised].filter((id) => !ids.includes(id)), 'promised in the README, but no such check').toEqual([]);
      expect(ids.filter((id) => !promised.has(id)), 'graded, but not promised in any "Checks:" paragraph of the README').toEqual([]);
    });
  }
});
