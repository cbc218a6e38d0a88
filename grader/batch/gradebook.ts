// The batch's gradebook: one CSV row per student and lab, appended as each student is graded, so a
// batch that is stopped keeps what it did and a resumed one skips it.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface GradebookRow {
  student: string;
  lab: string;
  points: number;
  maxPoints: number;
  passed: number;
  checks: number;
  /** The ids of the failing checks, space-separated. */
  failed: string;
  /** The commit graded ("working tree" for a folder graded as it is), or why nothing was. */
  commit: string;
  seed: number;
}

const COLUMNS: Array<keyof GradebookRow> = ['student', 'lab', 'points', 'maxPoints', 'passed', 'checks', 'failed', 'commit', 'seed'];
const HEADER = 'student,lab,points,max_points,passed,checks,failed_checks,commit,seed';

export class Gradebook {
  constructor(readonly path: string) {
    if (!existsSync(path)) writeFileSync(path, `${HEADER}\n`);
    else if (readFileSync(path, 'utf8').split('\n')[0] !== HEADER) throw new Error(`${path} is not a gradebook of this grader (its first line is not "${HEADER}"): move it away or choose another --out`);
  }

  /** "student/lab" of every row already graded with `seed`. */
  done(seed: number): Set<string> {
    const rows = parse(readFileSync(this.path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    return new Set(rows.filter((row) => row.seed === String(seed)).map((row) => `${row.student}/${row.lab}`));
  }

  add(rows: GradebookRow[]): void {
    appendFileSync(this.path, stringify(rows.map((row) => COLUMNS.map((column) => String(row[column])))));
  }
}
