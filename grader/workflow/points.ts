// Points per check, from one file kept in the repository (grader/points.json): instructors weigh the
// checks there, and the JSON, JUnit and Classroom outputs all read the same table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointsOf } from '../engine/report.ts';
import type { LabDefinition, LabResult } from '../engine/types.ts';

export const POINTS_FILE = 'grader/points.json';

export interface PointsTable {
  /** Points of a check that is not listed. */
  default: number;
  /** Lab id → check id → points. */
  labs: Record<string, Record<string, number>>;
}

export interface LabScore {
  points: number;
  maxPoints: number;
  /** Check id → what it is worth and what it earned. */
  checks: Record<string, { points: number; maxPoints: number }>;
}

export function loadPoints(kitRoot: string): PointsTable {
  const raw = JSON.parse(readFileSync(join(kitRoot, POINTS_FILE), 'utf8')) as Partial<PointsTable>;
  const table: PointsTable = { default: raw.default ?? 1, labs: raw.labs ?? {} };
  for (const [lab, checks] of Object.entries(table.labs)) {
    for (const [id, points] of Object.entries(checks)) {
      if (!Number.isFinite(points) || points < 0) throw new Error(`${POINTS_FILE}: lab ${lab}, check ${id}: points must be a number ≥ 0 (got ${JSON.stringify(points)})`);
    }
  }
  return table;
}

export function pointsOf(table: PointsTable, labId: string, checkId: string): number {
  return table.labs[labId]?.[checkId] ?? table.default;
}

/** What a lab is worth in all: the sum of its checks. */
export function maxPointsOf(table: PointsTable, lab: LabDefinition): number {
  return lab.checks.reduce((sum, check) => sum + pointsOf(table, lab.id, check.id), 0);
}

export function scoreLab(table: PointsTable, result: LabResult): LabScore {
  const score: LabScore = { points: 0, maxPoints: 0, checks: {} };
  for (const check of result.checks) {
    const worth = pointsOf(table, result.id, check.id);
    const earned = check.passed ? worth : 0;
    score.checks[check.id] = { points: earned, maxPoints: worth };
    score.points += earned;
    score.maxPoints += worth;
  }
  // A check a --first run did not reach earns nothing, but is still worth its points.
  for (const id of result.notRun ?? []) {
    const worth = pointsOf(table, result.id, id);
    score.checks[id] = { points: 0, maxPoints: worth };
    score.maxPoints += worth;
  }
  return score;
}

/** Ids in the table that no check of the lab has: a typo that would silently cost nothing. */
export function unknownPointIds(table: PointsTable, labs: LabDefinition[]): string[] {
  const unknown: string[] = [];
  for (const [labId, checks] of Object.entries(table.labs)) {
    const lab = labs.find((l) => l.id === labId);
    if (!lab) {
      unknown.push(`lab ${labId}`);
      continue;
    }
    for (const id of Object.keys(checks)) if (!lab.checks.some((c) => c.id === id)) unknown.push(`${labId}/${id}`);
  }
  return unknown;
}

/** The table as the report reads it. */
export function pointsView(table: PointsTable): PointsOf {
  return {
    lab: (lab) => {
      const { points, maxPoints } = scoreLab(table, lab);
      return { points, maxPoints };
    },
    check: (lab, check) => {
      const maxPoints = pointsOf(table, lab.id, check.id);
      return { points: check.passed ? maxPoints : 0, maxPoints };
    },
  };
}
