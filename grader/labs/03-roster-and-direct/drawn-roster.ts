// Rosters the grader (playing the tracker) serves to the student's peer, drawn from the space PROTOCOL
// §3.2 roster allows: nobody online but you, everyone in one reply without `total`, or pages of any
// length up to ROSTER_PAGE with `total`, including a roster that shrank between two pages (the last
// page comes back empty and the peer must stop there).
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { CheckContext } from '../../engine/check-context.ts';

export interface RosterUser {
  username: string;
  since: string;
  busy: boolean;
}

export interface DrawnRoster {
  /** The pages, in the order the peer asks for them. */
  pages: RosterUser[][];
  /** The `total` every page carries, or undefined when one reply holds everyone. */
  total: number | undefined;
  description: string;
}

export type RosterShape = 'one reply' | 'pages' | 'pages, then an empty one';
export const ROSTER_SHAPES: readonly RosterShape[] = ['one reply', 'pages', 'pages, then an empty one'];

export function drawRoster(ctx: CheckContext, shape: RosterShape, me = 'alice'): DrawnRoster {
  const random = ctx.random;
  const others = drawUsernames(random, random.int(shape === 'one reply' ? 0 : 1, 11)).filter((name) => name !== me);
  const start = Date.parse('2026-01-01T10:00:00.000Z');
  const users = [me, ...others].map((username) => ({ username, since: new Date(start + random.int(0, 3_600_000)).toISOString(), busy: random.chance(0.3) }));
  users.sort((a, b) => a.since.localeCompare(b.since) || (a.username < b.username ? -1 : 1));
  if (shape === 'one reply') return { pages: [users], total: undefined, description: `${users.length} in one reply without total` };
  const size = random.int(1, users.length);
  const pages: RosterUser[][] = [];
  for (let from = 0; from < users.length; from += size) pages.push(users.slice(from, from + size));
  if (shape === 'pages') return { pages, total: users.length, description: `${users.length} in pages of ${size}` };
  // Someone logged out between two pages: total still counts them, and the next page is empty.
  pages.push([]);
  return { pages, total: users.length + 1, description: `${users.length} in pages of ${size}, total one more (someone left): the last page is empty` };
}
