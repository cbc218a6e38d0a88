// A program under test is hostile by assumption: whatever it prints or sends must reach the HTML
// report as text. The report of a check full of markup and script (test/grader/hostile-check.ts) is
// opened in Chromium with its Content-Security-Policy switched off, so that an injected script WOULD
// run: none may, no element may be injected, and the hostile text must be on the page as written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportPage } from '../../grader/engine/html-report/report-page.ts';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';
import { ENTITIES, hostileLab, PAYLOAD } from './hostile-check.ts';

const STYLE = { color: false, verbose: false, seed: 7, command: 'npm run grade --', replayFlags: '' };

function hostilePage(): string {
  return renderReportPage([hostileLab()], { style: STYLE, gradedAt: 'now', source: 'a hostile program' });
}

describe('the HTML report escapes what programs wrote', () => {
  it('has no tag or attribute of the payload, and allows no script', () => {
    const html = hostilePage();
    expect(html).not.toMatch(/<(?:img|script|iframe|object|embed|foreignObject)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).not.toMatch(/script-src/);
  });
});

whenChromium('the HTML report in a browser', () => {
  describe('the HTML report of a hostile program, in Chromium', () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      dir = mkdtempSync(join(tmpdir(), 'report-xss-'));
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('runs nothing, injects nothing, and shows every hostile text as written', async () => {
      const file = join(dir, 'report.html');
      writeFileSync(file, hostilePage());
      // Without the page's policy, only escaping stands between the payload and a running script.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(file).href);
      // Links and tooltips are where a diagram puts the full bytes: use them.
      const steps = page.locator('a.step');
      expect(await steps.count()).toBeGreaterThan(5);
      for (let i = 0; i < (await steps.count()); i += 1) await steps.nth(i).click({ force: true });

      const seen = await page.evaluate(() => {
        // The page's DOM, typed by hand: the kit's type-check has no DOM library.
        type Node = { tagName: string; outerHTML: string; textContent: string | null; parentElement: Node | null; getAttributeNames(): string[] };
        const view = globalThis as unknown as { __xss?: unknown; document: { querySelectorAll(selector: string): ArrayLike<Node>; querySelector(selector: string): Node | null } };
        const find = (selector: string) => Array.from(view.document.querySelectorAll(selector));
        const all = find('*');
        return {
          xss: view.__xss,
          injected: all.filter((el) => /^(img|script|iframe|object|embed|foreignobject|image|style)$/i.test(el.tagName) && !(el.tagName === 'STYLE' && el.parentElement?.tagName === 'HEAD')).map((el) => el.outerHTML.slice(0, 120)),
          handlers: all.flatMap((el) => el.getAttributeNames().filter((name) => /^on/i.test(name)).map((name) => `${el.tagName} ${name}`)),
          records: find('.records pre').map((el) => el.textContent ?? ''),
          tooltips: find('svg title').map((el) => el.textContent ?? ''),
          story: view.document.querySelector('pre.story')?.textContent ?? '',
          labels: find('svg text').map((el) => el.textContent ?? '').join('\n'),
        };
      });
      await context.close();
      expect(seen.xss).toBeUndefined();
      expect(seen.injected).toEqual([]);
      expect(seen.handlers).toEqual([]);
      expect(errors).toEqual([]);
      // The event, the breach and the failure, each in full, exactly as the program wrote them.
      const records = seen.records.join('\n');
      expect(records).toContain(PAYLOAD);
      expect(records).toContain(JSON.stringify({ type: `chat${PAYLOAD}`, text: ENTITIES }));
      expect(seen.tooltips.join('\n')).toContain(PAYLOAD);
      expect(seen.story).toContain(PAYLOAD);
      expect(seen.story).toContain(ENTITIES);
      expect(seen.labels).toContain('"\'><img src=x');
    }, 60_000);
  });
});
