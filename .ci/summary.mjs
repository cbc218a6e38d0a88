// Prints the test totals from vitest's JSON reports, ending with one plain line: "N passed, N failed".
// Each failed test is named first, with the head of its failure message: CI logs are often read from
// their tail only, and a flaky failure must be identifiable from that tail alone.
// Usage: node .ci/summary.mjs [LABEL=]REPORT ...
// With several reports (one per Node.js version), each gets its own labelled line first and the last
// line adds them up. A missing or unreadable report (its run stopped before the tests) counts as one
// failure, so the totals never look clean when a run is gone; the exit status is 1 then.
import { readFileSync } from 'node:fs';

function totals(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** How many lines of each failure message are shown: enough for the grader's expected/got/why. */
const MESSAGE_LINES = 40;
const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');

function failures(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => ({ where: `${file.name.replace(/^.*?\/test\//, 'test/')} > ${test.fullName}`, message: (test.failureMessages ?? []).join('\n') })),
  );
}

function showFailures(prefix, path) {
  for (const { where, message } of failures(path)) {
    console.log(`${prefix}FAILED ${where}`);
    const lines = message.replace(ANSI, '').split('\n');
    for (const text of lines.slice(0, MESSAGE_LINES)) console.log(`    ${text}`);
    if (lines.length > MESSAGE_LINES) console.log(`    … ${lines.length - MESSAGE_LINES} more line(s)`);
  }
}

function line({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

const runs = process.argv.slice(2).map((argument) => {
  const at = argument.indexOf('=');
  return at < 0 ? { label: '', path: argument } : { label: argument.slice(0, at), path: argument.slice(at + 1) };
});
if (runs.length === 0) {
  console.log('usage: node .ci/summary.mjs [LABEL=]REPORT ...');
  process.exit(2);
}
const sum = { passed: 0, failed: 0, skipped: 0 };
let missing = false;
for (const { label, path } of runs) {
  const prefix = label ? `${label}: ` : '';
  try {
    const run = totals(path);
    if (run.failed > 0) showFailures(prefix, path);
    for (const key of Object.keys(sum)) sum[key] += run[key];
    if (runs.length > 1) console.log(`${prefix}${line(run)}`);
  } catch (error) {
    missing = true;
    sum.failed += 1;
    console.log(`${prefix}no test results at ${path}: ${error.message}${runs.length > 1 ? ' (counted as 1 failed)' : ''}`);
  }
}
if (runs.length > 1 || !missing) console.log(line(sum));
process.exit(missing ? 1 : 0);
