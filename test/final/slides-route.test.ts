// The final app serves the lecture decks at /slides, built from slides/decks when it starts, with a
// policy that lets only those pages run their inline player.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { addSlidesRoute } from '../../final/ui-server/slides-route.ts';

const servers: Array<{ close(): void }> = [];
afterAll(() => servers.forEach((server) => server.close()));

test('the decks are served at /slides, each deck a page', async () => {
  const app = express();
  await addSlidesRoute(app);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slides/`;
  const index = await fetch(base);
  expect(index.status).toBe(200);
  const html = await index.text();
  expect(html).toContain('01-two-peers.html');
  const deck = await fetch(`${base}01-two-peers.html`);
  expect(deck.status).toBe(200);
  expect(deck.headers.get('content-security-policy')).toContain("script-src 'unsafe-inline'");
  expect(await deck.text()).toContain('Two peers');
}, 60_000);
