// The HTML report of one failing check per lab (the golden fixtures), opened in Chromium: its
// diagram is drawn, the failure is in view once scrolled to, and that view is kept for people to
// look at (.work/artifacts/report/labNN-CHECK.png; CI keeps .work/artifacts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportPage } from '../../grader/engine/html-report/report-page.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import type { LabResult } from '../../grader/engine/types.ts';
import { FIXTURES } from '../golden/html-report/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';

const ARTIFACTS = fileURLToPath(new URL('../../.work/artifacts/report/', import.meta.url));
const STYLE = { color: false, verbose: false, seed: 1, command: 'npm run grade --', replayFlags: '' };

whenChromium('the HTML report in a browser', () => {
  describe('the report of a failing check, in Chromium', () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const { lab, check } of FIXTURES) {
      it(`Lab ${lab}, ${check}: the diagram is drawn and its failure is red on screen`, async () => {
        const result = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'golden', 'html-report', `lab${lab}-${check}.json`), 'utf8')) as LabResult;
        const file = join(dir, `lab${lab}-${check}.html`);
        writeFileSync(file, renderReportPage([result], { style: STYLE, gradedAt: 'today', source: 'a mutant' }));
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(pathToFileURL(file).href);
        const diagram = page.locator('.diagram svg').first();
        const box = await diagram.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(300);
        expect(await page.locator('.diagram a.step').count()).toBeGreaterThan(3);
        const failure = page.locator('.diagram a.step.alert').last();
        await failure.scrollIntoViewIfNeeded();
        expect(await failure.isVisible()).toBe(true);
        // What the student sees once the failure is in view.
        await page.screenshot({ path: join(ARTIFACTS, `lab${lab}-${check}.png`) });
        await page.close();
        expect(errors).toEqual([]);
      }, 60_000);
    }
  });
});
