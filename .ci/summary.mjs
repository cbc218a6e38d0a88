// Prints the test totals from vitest's JSON reports, ending with one plain line: "N passed, N failed".
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
