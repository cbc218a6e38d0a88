// JUnit output must stay well-formed whatever bytes a failure quotes.
import { describe, expect, test } from 'vitest';
import type { LabResult } from '../../grader/engine/types.ts';
import { renderJUnit, xml } from '../../grader/workflow/junit.ts';
import { pointsView } from '../../grader/workflow/points.ts';

describe('JUnit', () => {
  test('escapes markup and control characters', () => {
    expect(xml('<a href="x">&\'\x00\x1b')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x00\\x1b');
  });

  test('one suite per lab, one case per check, points as properties', () => {
    const lab: LabResult = {
      id: '01',
      slug: '01-x',
      title: 'X',
      status: 'graded',
      steps: { 1: 'One' },
      checks: [
        { id: 'a.ok', step: 1, title: 'fine', passed: true, durationMs: 1500, steps: [] },
        { id: 'a.bad', step: 1, title: 'sends <data>', passed: false, durationMs: 10, steps: [{ n: 1, atMs: 0, text: 'sent "\\x00"', detail: [] }], failure: { expected: 'x', got: 'y & z', why: 'w' } },
      ],
      hints: { 'a.ok': '', 'a.bad': 'h' },
      durationMs: 1510,
    };
    const text = renderJUnit([lab], 9, pointsView({ default: 2, labs: {} }));
    expect(text).toContain('<testsuite name="Lab 01 · X" tests="2" failures="1" skipped="0" time="1.510">');
    expect(text).toContain('<property name="points" value="2"/>');
    expect(text).toContain('<property name="maxPoints" value="4"/>');
    expect(text).toContain('<testcase classname="lab01.a" name="a.bad: sends &lt;data&gt;" time="0.010">');
    expect(text).toContain('got: y &amp; z');
    expect(text.match(/<testcase /g)).toHaveLength(2);
  });
});
