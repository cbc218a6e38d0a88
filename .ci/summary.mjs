// Prints the test totals from vitest's JSON report as one plain line: "N passed, N failed".
import { readFileSync } from 'node:fs';

const path = process.argv[2];
try {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
} catch (error) {
  console.log(`no test results at ${path}: ${error.message}`);
  process.exit(1);
}
