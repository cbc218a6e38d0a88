// The lecture decks at /slides on the dashboard, built from slides/decks when the server starts, so
// what the class sees is always the decks as they are in this checkout. The student edition has no
// decks (they quote the reference solutions): there the route is absent and the page hides its link.
import express from 'express';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Loaded by address, not by a static import, so that a copy without slides/ still type-checks.
const DECKS = new URL('../../slides/src/index.ts', import.meta.url);

interface Decks {
  buildDecks(options: { outDir: string }): Promise<unknown>;
}

// A deck page carries its player and styles inline (it must open offline from a file), and nothing in
// it comes from users: inline code is allowed for these pages only, everything else stays closed.
const DECK_POLICY = ["default-src 'none'", "script-src 'unsafe-inline'", "style-src 'unsafe-inline'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'"].join('; ');

/** Whether this copy of the kit has the decks. */
export function hasSlides(): boolean {
  return existsSync(fileURLToPath(DECKS));
}

/** Serves the decks at /slides; false (and no route) in a copy without them. */
export async function addSlidesRoute(app: express.Express): Promise<boolean> {
  if (!hasSlides()) return false;
  const { buildDecks } = (await import(DECKS.href)) as Decks;
  const outDir = await mkdtemp(join(tmpdir(), 'decks-'));
  await buildDecks({ outDir });
  app.use(
    '/slides',
    (_request, response, next) => {
      response.setHeader('Content-Security-Policy', DECK_POLICY);
      next();
    },
    express.static(outDir, { index: 'index.html', dotfiles: 'deny' }),
  );
  return true;
}
