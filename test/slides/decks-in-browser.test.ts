// Every built deck in a real headless Chromium, opened from file:// as an instructor would: it moves
// with the keyboard, shows its counter and notes, loads nothing from the network, logs no error, keeps
// every slide within the slide, and prints one page per slide. One screenshot per deck is kept in
// .work/artifacts/slides/ for people to look at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks, type BuildResult } from '../../slides/src/index.ts';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';

// The callbacks given to page.evaluate run in the page, where these exist; the project compiles
// with Node's types only, so the little they use is declared here (for this file alone).
declare const document: {
  body: { classList: { contains(name: string): boolean } };
  querySelectorAll(selector: string): Iterable<{ querySelector(selector: string): unknown }>;
};
declare const location: { hash: string };
declare class DOMParser {
  parseFromString(text: string, type: string): { querySelector(selector: string): { textContent: string | null } | null; documentElement: { nodeName: string } };
}

const ARTIFACTS = fileURLToPath(new URL('../../.work/artifacts/slides/', import.meta.url));

whenChromium('decks in a browser', () => {
  describe('decks in a browser', () => {
    let built: BuildResult;
    let context: BrowserContext;
    let profile: string;
    let buildDir: string;

    beforeAll(async () => {
      buildDir = mkdtempSync(join(tmpdir(), 'slides-browser-'));
      built = await buildDecks({ outDir: join(buildDir, 'dist') });
      profile = mkdtempSync(join(tmpdir(), 'slides-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 720 },
      });
      mkdirSync(ARTIFACTS, { recursive: true });
    });

    afterAll(async () => {
      await context?.close();
      for (const dir of [profile, buildDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Opens a deck page, recording console errors, page errors and any request off this disk. */
    async function open(path: string, suffix = ''): Promise<{ page: Page; problems: string[] }> {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        if (!/^(file|data|about):/.test(request.url())) problems.push(`network request: ${request.url()}`);
      });
      await page.goto(pathToFileURL(path).href + suffix);
      await page.waitForFunction(() => document.body.classList.contains('ready'));
      return { page, problems };
    }

    const counter = (page: Page) => page.locator('.slide.current .slide-number').textContent();

    it('opens every deck, moves with the keyboard, and shows no error', async () => {
      for (const deck of built.decks) {
        const { page, problems } = await open(deck.path);
        const total = deck.slides;
        expect(await counter(page), deck.id).toBe(`1 / ${total}`);
        await page.keyboard.press('ArrowRight');
        expect(await counter(page), deck.id).toBe(`2 / ${total}`);
        await page.keyboard.press('Space');
        expect(await counter(page), deck.id).toBe(`3 / ${total}`);
        await page.keyboard.press('ArrowLeft');
        expect(await counter(page), deck.id).toBe(`2 / ${total}`);
        await page.keyboard.press('End');
        expect(await counter(page), deck.id).toBe(`${total} / ${total}`);
        await page.keyboard.press('ArrowRight');
        expect(await counter(page), deck.id).toBe(`${total} / ${total}`);
        await page.keyboard.press('Home');
        // The player updates the hash with history.replaceState; the browser reports it a moment later.
        await expect.poll(() => page.url()).toMatch(/#1$/);

        // Speaker notes: N shows the current slide's notes, N again hides them.
        await page.keyboard.press('n');
        await expect.poll(() => page.locator('#notes-panel').isVisible()).toBe(true);
        expect(await page.locator('#notes-panel .notes-content').textContent()).not.toBe('');
        await page.keyboard.press('n');
        expect(await page.locator('#notes-panel').isVisible()).toBe(false);

        const overflowing = await page.locator('.slide[data-overflow]').evaluateAll((slides) => slides.map((slide) => `${slide.id} (deck line ${slide.getAttribute('data-line')})`));
        expect(overflowing, `${deck.id}: slides whose content does not fit`).toEqual([]);

        // The screenshot: the first slide with a diagram, else the first with quoted code, else slide 2.
        const shown = await page.evaluate(() => {
          const slides = [...document.querySelectorAll('.stage > .slide')];
          const pick = slides.findIndex((slide) => slide.querySelector('figure.diagram')) + 1 || slides.findIndex((slide) => slide.querySelector('figure.code.quoted')) + 1 || 2;
          location.hash = `#${pick}`;
          return pick;
        });
        await expect.poll(() => counter(page)).toBe(`${shown} / ${total}`);
        await page.screenshot({ path: join(ARTIFACTS, `${deck.id}.png`) });
        expect(problems, deck.id).toEqual([]);
        await page.close();
      }
    });

    it('draws every diagram as well-formed SVG', async () => {
      const page = await context.newPage();
      for (const file of built.diagrams) {
        const svg = readFileSync(file, 'utf8');
        const verdict = await page.evaluate((text) => {
          const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
          return parsed.querySelector('parsererror')?.textContent ?? parsed.documentElement.nodeName;
        }, svg);
        expect(verdict, file).toBe('svg');
      }
      await page.close();
    });

    it('prints one page per slide', async () => {
      const deck = built.decks.find((candidate) => candidate.id === '01-two-peers')!;
      const { page, problems } = await open(deck.path);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
      expect(pages).toHaveLength(deck.slides);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('opens a presenter view with the next slide and the notes', async () => {
      const deck = built.decks.find((candidate) => candidate.id === '01-two-peers')!;
      const { page, problems } = await open(deck.path, '?presenter#2');
      expect(await page.locator('#presenter-side').isVisible()).toBe(true);
      expect(await page.locator('#slide-counter').textContent()).toBe(`2 / ${deck.slides}`);
      expect(await page.locator('#next-stage .slide .slide-number').textContent()).toBe(`3 / ${deck.slides}`);
      expect(await page.locator('#presenter-notes').textContent()).not.toBe('');
      await page.keyboard.press('ArrowRight');
      expect(await page.locator('#next-stage .slide .slide-number').textContent()).toBe(`4 / ${deck.slides}`);
      await page.screenshot({ path: join(ARTIFACTS, 'presenter-view.png') });
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
