// Lab 06 in the final app, in a real headless Chromium: alice makes a room, bob and carol join it by its
// code, all three see the same messages in the same order, and a wrong code is refused; alice asks the
// room who has a file and downloads it from the holder she picks. carol is behind a NAT (nobody can
// dial her): alice's session with her goes through the relay, marked as relayed and sealed in the chat,
// the inspector and the dashboard, whose room panel shows counts and never a code or a message. alice
// runs in presentation mode (--present), so her download and her relayed chat come paced.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';
import { startPeer, startTracker, type Started } from './final-processes.ts';
import { openWatchedPage } from './watched-page.ts';

const ARTIFACTS = fileURLToPath(new URL('../../.work/artifacts/final/', import.meta.url));
const PASSWORD = 'correct horse battery';
const TOPIC = 'study group <b>bold</b>';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

whenChromium('final app rooms and relay in a browser', () => {
  describe('rooms and the relay in the final app', () => {
    let work: string;
    let tracker: Started;
    const peers: Record<string, Started> = {};
    const pages: Record<string, Page> = {};
    let context: BrowserContext;
    const problems: string[] = [];
    const dirs = (who: string) => ({ shared: join(work, who, 'shared'), downloads: join(work, who, 'downloads') });
    const bobSlides = randomBytes(300_000);
    const bobRecording = randomBytes(250_001); // not a multiple of the datagram payload

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'final-rooms-'));
      for (const who of ['alice', 'bob', 'carol']) mkdirSync(dirs(who).shared, { recursive: true });
      writeFileSync(join(dirs('bob').shared, 'slides.pdf'), bobSlides);
      writeFileSync(join(dirs('bob').shared, 'recording.bin'), bobRecording);
      tracker = await startTracker(join(work, 'tracker.db'));
      expect(tracker.ready.relay).toMatch(/^127\.0\.0\.1:\d+$/);
      const port = tracker.ready.port as number;
      // alice presents: large type, and what she receives comes at a pace the class can watch.
      peers.alice = await startPeer(port, dirs('alice'), ['--present']);
      peers.bob = await startPeer(port, dirs('bob'));
      peers.carol = await startPeer(port, dirs('carol'), ['--unreachable']);
      context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(10_000);
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const who of ['alice', 'bob', 'carol']) {
        const page = await openWatchedPage(context, peers[who]?.ready.ui as string, problems);
        await page.locator('#mode-new').click();
        await page.locator('#login-username').fill(who);
        await page.locator('#login-password').fill(PASSWORD);
        await page.locator('#login-submit').click();
        await page.locator('#rooms h2').waitFor();
        pages[who] = page;
      }
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      const codes = await Promise.all([...Object.values(peers), tracker].map((program) => program?.stop()));
      expect(codes).toEqual([0, 0, 0, 0]);
      if (work) rmSync(work, { recursive: true, force: true });
    });

    afterEach(async (test: TestContext) => {
      if (test.task.result?.state !== 'fail') return;
      await Promise.all(context.pages().map((page, index) => page.screenshot({ path: join(ARTIFACTS, `rooms-failure-${index + 1}.png`) }).catch(() => {})));
    });

    const page = (who: string) => pages[who] as Page;
    const roomPane = (who: string) => page(who).locator('.session-panel .room-pane');
    let code = '';

    it('makes a room, lets in whoever has its code, refuses a wrong one, and shows one order to all', async () => {
      await page('alice').locator('#room-topic').fill(TOPIC);
      await page('alice').locator('#room-create').click();
      expect(await page('alice').locator('body.present').count()).toBe(1);
      expect(await page('bob').locator('body.present').count()).toBe(0);
      const codeShown = roomPane('alice').locator('.room-code');
      await codeShown.waitFor();
      code = (await codeShown.textContent()) ?? '';
      expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);

      // A code typed wrong is refused (the tracker cannot tell it from a room that never was).
      await page('bob').locator('#room-code').fill('zzzz-zzzz-zzzz');
      await page('bob').locator('#room-join').click();
      await page('bob').locator('.toast', { hasText: /no room/i }).waitFor();
      expect(await page('bob').locator('.room-tab').count()).toBe(0);

      // The code as read aloud: upper case, no dashes. Crockford's folding makes it the same room.
      await page('bob').locator('#room-code').fill(code.replaceAll('-', '').toUpperCase());
      await page('bob').locator('#room-join').click();
      await page('carol').locator('#room-code').fill(code);
      await page('carol').locator('#room-join').click();
      for (const who of ['alice', 'bob', 'carol']) await roomPane(who).locator('.room-members .member', { hasText: 'carol' }).waitFor();
      await roomPane('alice').locator('.notice', { hasText: 'bob joined' }).waitFor();

      // Everyone says something at once; every member sees the same list, in the tracker's order.
      for (const who of ['alice', 'bob', 'carol']) {
        await roomPane(who).locator('.composer-input').fill(`hello from ${who}`);
        await roomPane(who).locator('.composer-input').press('Enter');
      }
      const said = async (who: string) => {
        await expect.poll(() => roomPane(who).locator('.msg').count()).toBe(3);
        return roomPane(who).locator('.msg .msg-text').allTextContents();
      };
      const orders = [await said('alice'), await said('bob'), await said('carol')];
      expect(orders[1]).toEqual(orders[0]);
      expect(orders[2]).toEqual(orders[0]);
      expect([...(orders[0] ?? [])].sort()).toEqual(['hello from alice', 'hello from bob', 'hello from carol']);
      // The topic is text, not markup.
      expect(await roomPane('bob').locator('.pane-title b').count()).toBe(0);
      await page('bob').screenshot({ path: join(ARTIFACTS, 'room.png') });
      expect(problems).toEqual([]);
    }, 60_000);

    it('asks the room who has a file and downloads it from the answer picked, over TCP and over UDP', async () => {
      await roomPane('alice').locator('.room-ask input').fill('slides.pdf');
      await roomPane('alice').locator('.room-ask button').click();
      const answer = roomPane('alice').locator('.room-answers li[data-answer="1"]');
      await answer.filter({ hasText: 'bob has it' }).waitFor();
      await answer.locator('button', { hasText: 'Download' }).click();
      await page('alice').locator('.download.done[data-file="slides.pdf"]').waitFor();
      expect(sha256(readFileSync(join(dirs('alice').downloads, 'slides.pdf')))).toBe(sha256(bobSlides));

      // The same, by reliable UDP: the answer's other button.
      await roomPane('alice').locator('.room-ask input').fill('recording.bin');
      await roomPane('alice').locator('.room-ask button').click();
      const udpAnswer = roomPane('alice').locator('.room-answers li[data-answer="1"]').filter({ hasText: 'bob has it' });
      await udpAnswer.waitFor();
      await udpAnswer.locator('button[data-via="udp"]').click();
      await page('alice').locator('.download.done[data-file="recording.bin"]').waitFor({ timeout: 20_000 });
      expect(sha256(readFileSync(join(dirs('alice').downloads, 'recording.bin')))).toBe(sha256(bobRecording));
      expect(problems).toEqual([]);
    }, 30_000);

    it('reaches a peer nobody can dial through the relay, sealed, and says so everywhere', async () => {
      await page('alice').locator('.roster-item[data-user="carol"]').click();
      const tab = page('alice').locator('.tab.selected[data-with="carol"]');
      await tab.locator('.relayed-mark').waitFor();
      const chat = page('alice').locator('.session-panel .pane.relayed');
      expect(await chat.locator('.pane-meta').textContent()).toContain('through the relay, sealed end to end');
      await chat.locator('.composer-input').fill('hi carol, through the relay');
      await chat.locator('.composer-input').press('Enter');
      const carolChat = page('carol').locator('.session-panel .pane.relayed');
      await page('carol').locator('.tab[data-with="alice"] .relayed-mark').waitFor();
      await page('carol').locator('.tab[data-with="alice"] .tab-main').click();
      await carolChat.locator('.msg.theirs .msg-text', { hasText: 'hi carol, through the relay' }).waitFor();
      await carolChat.locator('.composer-input').fill('hello alice, sealed');
      await carolChat.locator('.composer-input').press('Enter');
      await chat.locator('.msg.theirs .msg-text', { hasText: 'hello alice, sealed' }).waitFor();

      // The inspector: the relay connection shows only its first lines and sealed bytes; the chat's
      // plaintext is seen inside, on a connection marked as going through the relay.
      const options = await page('alice').locator('#inspector-connection option').allTextContents();
      const relayOption = options.find((label) => label.startsWith('relay ') && label.includes('carol'));
      const sealedOption = options.find((label) => label.includes('chat with carol') && label.includes('through the relay'));
      expect(relayOption, options.join(' | ')).toBeDefined();
      expect(sealedOption, options.join(' | ')).toBeDefined();
      await page('alice').locator('#inspector-list').click();
      await page('alice').locator('#inspector-connection').selectOption({ label: relayOption ?? '' });
      await page('alice').locator('#inspector .wire-row[data-type="relay_join"]').waitFor();
      await page('alice').locator('#inspector .wire-row[data-type="sealed"]').first().waitFor();
      expect(await page('alice').locator('#inspector').textContent()).not.toContain('hi carol, through the relay');
      await page('alice').locator('#inspector-connection').selectOption({ label: sealedOption ?? '' });
      await page('alice').locator('#inspector .wire-row[data-type="chat"]').first().waitFor();
      await page('alice').screenshot({ path: join(ARTIFACTS, 'relayed-chat.png') });

      // The dashboard: the relayed session, and the room as counts only.
      const dashboard = await openWatchedPage(context, tracker.ready.dashboard as string, problems);
      await dashboard.locator('#active tbody tr', { hasText: 'alice ↔ carol' }).filter({ hasText: 'relayed, sealed' }).waitFor();
      await dashboard.locator('#relayed tbody tr', { hasText: 'carrying sealed records' }).waitFor();
      await dashboard.locator('#rooms li', { hasText: 'room 1: 3 members' }).waitFor();
      const shown = (await dashboard.locator('body').textContent()) ?? '';
      for (const secret of [code, 'study group', 'hello from alice']) expect(shown).not.toContain(secret);
      await dashboard.screenshot({ path: join(ARTIFACTS, 'dashboard-rooms-relay.png') });

      // Ending the session: the relay reports the bytes it carried each way.
      await chat.locator('button', { hasText: 'End session' }).click();
      await dashboard.locator('#relayed tbody tr', { hasText: 'ended' }).filter({ hasText: /\d (B|KB) →/ }).waitFor();
      await dashboard.close();
      expect(problems).toEqual([]);
    }, 45_000);
  });
});
