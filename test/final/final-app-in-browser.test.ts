// The final app end to end, in a real headless Chromium: a tracker with its dashboard and two browser
// peers, driven through their pages as two people would. Alice and Bob register (Bob after a lockout),
// see each other appear, chat both ways, send a file that arrives with a matching SHA-256, download a
// shared file (and save it from the page), close the session, and the dashboard's log shows it ended. Hostile text is shown as
// text. Screenshots of the main screens are kept in .work/artifacts/final/.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { startPeer, startTracker, type Started } from './final-processes.ts';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';
import { openWatchedPage } from './watched-page.ts';

const ARTIFACTS = fileURLToPath(new URL('../../.work/artifacts/final/', import.meta.url));
const HOSTILE = '<img src=x onerror=alert(1)>';
const PASSWORD = 'correct horse battery';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

whenChromium('final app in a browser', () => {
  describe('the final app in a browser', () => {
    let work: string;
    let tracker: Started;
    let alice: Started;
    let bob: Started;
    let context: BrowserContext;
    const problems: string[] = [];
    const dirs = (who: string) => ({ shared: join(work, who, 'shared'), downloads: join(work, who, 'downloads'), history: join(work, who, 'history.db') });
    const bobNotes = randomBytes(200_000);

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'final-e2e-'));
      for (const who of ['alice', 'bob']) mkdirSync(dirs(who).shared, { recursive: true });
      writeFileSync(join(dirs('alice').shared, 'alice-notes.txt'), 'notes from alice\n');
      writeFileSync(join(dirs('bob').shared, 'bob-notes.bin'), bobNotes);
      tracker = await startTracker(join(work, 'tracker.db'));
      const port = tracker.ready.port as number;
      [alice, bob] = await Promise.all([startPeer(port, dirs('alice')), startPeer(port, dirs('bob'))]);
      context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 860 }, acceptDownloads: true });
      context.setDefaultTimeout(10_000);
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 45_000);

    afterAll(async () => {
      await context?.close();
      // Ctrl+C stops each program cleanly: exit code 0.
      const codes = await Promise.all([alice, bob, tracker].map((program) => program?.stop()));
      expect(codes).toEqual([0, 0, 0]);
      if (work) rmSync(work, { recursive: true, force: true });
    });

    // When a step fails, what every page showed at that moment is kept next to the screenshots.
    afterEach(async (test: TestContext) => {
      if (test.task.result?.state !== 'fail') return;
      await Promise.all(context.pages().map((page, index) => page.screenshot({ path: join(ARTIFACTS, `failure-${index + 1}.png`) }).catch(() => {})));
    });

    const open = (url: string) => openWatchedPage(context, url, problems);

    async function logIn(page: Page, mode: 'new' | 'returning', username: string, password: string): Promise<void> {
      await page.locator(mode === 'new' ? '#mode-new' : '#mode-returning').click();
      await page.locator('#login-username').fill(username);
      await page.locator('#login-password').fill(password);
      await page.locator('#login-submit').click();
    }

    const rosterHas = (page: Page, username: string) => page.locator(`.roster-item[data-user="${username}"]`).waitFor();
    const pane = (page: Page, peer: string) => page.locator(`.tab.selected[data-with="${peer}"]`).waitFor().then(() => page.locator('.session-panel .pane'));

    let pageA: Page;
    let pageB: Page;

    it('registers two people who then chat, send a verified file, download, and close the session', async () => {
      pageA = await open(alice.ready.ui as string);
      pageB = await open(bob.ready.ui as string);
      await pageA.screenshot({ path: join(ARTIFACTS, 'login.png') });

      // Errors are shown as the tracker says them; the third failure locks the name, and is
      // answered LOCKED at once (PROTOCOL §4.2). (Submitting hides the previous error, so each wait
      // sees the new answer.)
      const shownError = (text: RegExp) => pageB.locator('#login-error:not([hidden])', { hasText: text }).waitFor();
      for (const left of ['2 tries', '1 try']) {
        await logIn(pageB, 'returning', 'bob', 'not the password');
        await shownError(new RegExp(`unknown username or wrong password\\. ${left} left before this username is locked`, 'i'));
      }
      await logIn(pageB, 'returning', 'bob', 'not the password');
      await shownError(/Locked after too many failed logins\. Try again in \d+ s/);
      await pageB.screenshot({ path: join(ARTIFACTS, 'login-locked.png') });

      await logIn(pageA, 'new', 'alice', PASSWORD);
      await logIn(pageB, 'new', 'bob', PASSWORD);
      await rosterHas(pageA, 'bob');
      await rosterHas(pageB, 'alice');
      // Bob's locked attempts closed their tracker connections: the inspector moved to the new one.
      await expect.poll(() => pageB.locator('#inspector-connection option:checked').textContent()).toMatch(/^tracker 127\.0\.0\.1:\d+$/);

      // A direct session, both ways.
      await pageA.locator('.roster-item[data-user="bob"]').click();
      const chatA = await pane(pageA, 'bob');
      await chatA.locator('.composer-input').fill('hi bob, it is alice');
      await chatA.locator('.composer-input').press('Enter');
      const chatB = await pane(pageB, 'alice');
      await chatB.locator('.msg.theirs .msg-text', { hasText: 'hi bob, it is alice' }).waitFor();
      await chatB.locator('.composer-input').fill('hello alice 👋');
      await chatB.locator('button[type=submit]').click();
      await chatA.locator('.msg.theirs .msg-text', { hasText: 'hello alice 👋' }).waitFor();

      // A file by the picker: Bob's page marks it verified with the SHA-256 of the bytes sent.
      const photo = randomBytes(700_000);
      await chatA.locator('input[type=file]').setInputFiles({ name: 'holiday photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      const received = chatB.locator('.transfer.incoming[data-state="verified"]');
      await received.waitFor();
      expect(await received.locator('.verified').getAttribute('data-sha256')).toBe(sha256(photo));
      await chatA.locator('.transfer.outgoing[data-state="verified"]').waitFor();
      expect(sha256(readFileSync(join(dirs('bob').downloads, 'holiday photo.jpg')))).toBe(sha256(photo));

      // The inspector shows this session's messages, as a list and as a sequence diagram.
      await pageA.locator('#inspector .wire-row[data-type="offer"]').waitFor();
      expect(await pageA.locator('#inspector .wire-row[data-type="chat"]').count()).toBe(2);
      await pageA.locator('#inspector-sequence').click();
      await pageA.locator('#inspector .seq-row[data-type="file_ok"]').waitFor();
      await pageA.screenshot({ path: join(ARTIFACTS, 'chat-and-transfer.png') });
      await pageB.screenshot({ path: join(ARTIFACTS, 'chat-receiver.png') });

      // Find who shares a file, download it, see where it came from.
      await pageA.locator('#search-input').fill('bob-notes.bin');
      await pageA.locator('#search-input').press('Enter');
      await pageA.locator('.result[data-file="bob-notes.bin"] .holder-name', { hasText: 'bob' }).waitFor();
      await pageA.locator('.result[data-file="bob-notes.bin"] button').click();
      await pageA.locator('.download.done[data-file="bob-notes.bin"]').waitFor();
      expect(await pageA.locator('.download[data-file="bob-notes.bin"] .attempts').textContent()).toContain('from bob');
      expect(sha256(readFileSync(join(dirs('alice').downloads, 'bob-notes.bin')))).toBe(sha256(bobNotes));
      // The page hands the received file to the browser, to save or open.
      const [saved] = await Promise.all([pageA.waitForEvent('download'), pageA.locator('.download[data-file="bob-notes.bin"] .save-link').click()]);
      expect(saved.suggestedFilename()).toBe('bob-notes.bin');
      expect(sha256(readFileSync(await saved.path()))).toBe(sha256(bobNotes));

      // The tracker connection in the inspector never shows a password.
      await pageA.locator('#inspector-list').click();
      await pageA.locator('#inspector-connection').selectOption({ label: `tracker 127.0.0.1:${tracker.ready.port as number}` });
      await pageA.locator('#inspector .wire-row[data-type="register"]').waitFor();
      expect(await pageA.locator('#inspector').textContent()).not.toContain(PASSWORD);
      // Keepalives are hidden until asked for (the peer pings an idle tracker every few seconds).
      await pageA.locator('#inspector-hidden', { hasText: /\d+ hidden/ }).waitFor({ timeout: 20_000 });
      expect(await pageA.locator('#inspector .wire-row[data-type="ping"]').count()).toBe(0);
      await pageA.locator('#inspector-keepalives').check();
      await pageA.locator('#inspector .wire-row[data-type="ping"]').first().waitFor();
      await pageA.locator('#inspector-keepalives').uncheck();
      await pageA.screenshot({ path: join(ARTIFACTS, 'inspector-tracker.png') });

      // Alice ends the session; both pages say so and the dashboard's log shows it.
      await chatA.locator('button', { hasText: 'End session' }).click();
      await chatA.locator('.closed-note').filter({ hasText: 'closed by you' }).waitFor();
      await chatB.locator('.closed-note').filter({ hasText: 'closed by alice' }).waitFor();
      const dashboard = await open(tracker.ready.dashboard as string);
      const row = dashboard.locator('#log tbody tr').filter({ hasText: 'alice ↔ bob' }).first();
      await row.waitFor();
      await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/closed by alice.*alice 1.*bob 1/);
      await dashboard.locator('#online tbody tr').nth(1).waitFor();
      await dashboard.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
      // History: this run's sessions, and the tracker's log (Lab 05).
      await pageA.locator('#history-tab').click();
      await pageA.locator('.history-row').first().waitFor();
      await pageA.locator('.history-pane table tbody tr', { hasText: 'alice ↔ bob' }).waitFor();
      await pageA.screenshot({ path: join(ARTIFACTS, 'history.png') });
      await dashboard.close();
      expect(problems).toEqual([]);
    }, 60_000);

    it('shows the earlier transcript, and a hostile message and file name as text, running nothing', async () => {
      await pageA.locator('.roster-item[data-user="bob"]').click();
      const chatA = await pane(pageA, 'bob');
      const chatB = await pane(pageB, 'alice');
      // Meeting again: each peer shows what was said last time, from its own --history-db (Lab 05).
      await chatA.locator('.earlier .msg-text', { hasText: 'hi bob, it is alice' }).waitFor();
      await chatB.locator('.earlier .msg-text', { hasText: 'hello alice 👋' }).waitFor();
      await chatA.locator('.composer-input').fill(HOSTILE);
      await chatA.locator('.composer-input').press('Enter');
      await chatB.locator('.msg.theirs .msg-text', { hasText: HOSTILE }).waitFor();

      // The file comes by drag and drop, the other way in.
      const bytes = Buffer.from('not really an image\n');
      const drop = await pageA.evaluateHandle(({ name, text }) => {
        // This runs in the page, which has the DOM; the test file itself is checked without it.
        const page = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string, options: { type: string }) => unknown;
        };
        const transfer = new page.DataTransfer();
        transfer.items.add(new page.File([text], name, { type: 'text/plain' }));
        return transfer;
      }, { name: `${HOSTILE}.txt`, text: bytes.toString() });
      const target = chatA.locator('.scroller');
      await target.dispatchEvent('dragenter', { dataTransfer: drop });
      await target.dispatchEvent('drop', { dataTransfer: drop });
      await chatA.locator('.transfer.outgoing[data-state="verified"] .transfer-name', { hasText: `${HOSTILE}.txt` }).waitFor();
      await chatB.locator('.transfer.incoming[data-state="verified"] .transfer-name', { hasText: `${HOSTILE}.txt` }).waitFor();
      // Bob's peer saved it under a safe name (Lab 04), with the same bytes.
      const saved = readdirSync(dirs('bob').downloads).find((name) => name.includes('onerror'));
      expect(saved).toBe('_img src=x onerror=alert(1)_.txt');
      expect(readFileSync(join(dirs('bob').downloads, saved ?? ''), 'utf8')).toBe(bytes.toString());

      for (const page of [pageA, pageB]) {
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('.msg-text', { hasText: HOSTILE }).count()).toBeGreaterThan(0);
      }
      await pageB.screenshot({ path: join(ARTIFACTS, 'hostile-text.png') });
      expect(problems).toEqual([]);
    });

    it('holds its layout at 640, 1024, 1280 and 1920 px wide: nothing wider than the window', async () => {
      const dashboard = await open(tracker.ready.dashboard as string);
      await dashboard.locator('#online tbody tr').first().waitFor();
      const overflow = (page: Page) =>
        page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
          return doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
        });
      for (const width of [640, 1024, 1280, 1920]) {
        for (const [name, page] of [['peer', pageA], ['dashboard', dashboard]] as const) {
          await page.setViewportSize({ width, height: 900 });
          await page.waitForTimeout(50);
          expect(await overflow(page), `${name} at ${width} px`).toBeLessThanOrEqual(0);
          // No card squeezed into a sliver: each panel is at least 240 px wide (or as wide as the window allows).
          const widths = await page.locator('.card:not(.tile)').evaluateAll((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().width)).filter((w) => w > 0));
          expect(Math.min(...widths), `${name} at ${width} px: card widths ${widths.join(', ')}`).toBeGreaterThanOrEqual(Math.min(240, width - 40));
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
        }
      }
      await pageA.setViewportSize({ width: 1440, height: 860 });
      await dashboard.close();
    });

    it('refuses a WebSocket opened by a page of another site', async () => {
      const live = (alice.ready.ui as string).replace(/^http/, 'ws') + 'live';
      const tryToOpen = (page: Page) =>
        page.evaluate((url) => new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }), live);
      // Any site the user visits could try this; here another site is a page on another port.
      const site = createServer((_request, response) => response.end('<!doctype html><title>another site</title>'));
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      const foreign = await context.newPage();
      await foreign.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      expect(await tryToOpen(foreign)).toBe('refused');
      expect(await tryToOpen(pageA)).toBe('open');
      await foreign.close();
      site.close();
    });
  });
});
