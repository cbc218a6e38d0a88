// Markup in every field a page shows, put there by real means: a person typing in the page, a raw
// client at the tracker, and "mallory", a peer the test plays on raw sockets (test/final/hostile-peer.ts)
// that sends what no reference peer would. In a real Chromium, each field must show the characters
// as sent, nothing may run (window.__xss stays undefined) and no element may be injected
// (test/final/injection-watch.ts records any, and proves at the end that it would).
//
// Fields that cannot carry "<" by protocol get the nearest thing: usernames match
// ^[a-z][a-z0-9_-]{2,31}$ (the tracker refuses others with BAD_USERNAME, a peer refuses such a hello
// with BAD_MESSAGE), and shared, searched and downloaded file names must be safe names without
// < > " (the tracker's index answers BAD_NAME, the page refuses the search); those fields get a name
// written with HTML entities, which must stay "&lt;…" on screen, not turn into "<…".
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, whenChromium } from '../chromium.ts';
import { openWatchedPage } from './watched-page.ts';
import { startPeer, startTracker, type Started } from './final-processes.ts';
import { HostilePeer, type DirectSession } from './hostile-peer.ts';
import { proveWatchSeesInjection, watched, watchForInjection } from './injection-watch.ts';
import { JsonLines, ofType } from '../json-lines.ts';

const INNER = '<img src=x onerror=window.__xss=1><script>window.__xss=1</script>';
// Quotes first, to break out of an attribute if a value were ever written into markup.
const PAYLOAD = `"'>${INNER}`;
// The login form's username box takes 32 characters.
const FORM_NAME = '<script>window.__xss=1</script>';
// A safe file name (no < > "), written so that markup parsing would change what is shown.
const ENTITY_NAME = '&lt;img src=x onerror=window.__xss=1&gt; & co.txt';
const PASSWORD = 'correct horse battery';
const ARTIFACTS = fileURLToPath(new URL('../../.work/artifacts/final/', import.meta.url));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const texts = (locator: Locator) => locator.allTextContents();

whenChromium('hostile text in every field', () => {
  describe('markup in every displayed field', () => {
    let work: string;
    let tracker: Started;
    let alice: Started;
    let mallory: HostilePeer;
    let context: BrowserContext;
    let page: Page;
    let dashboard: Page;
    const problems: string[] = [];
    const entityBytes = Buffer.from('entity-named file\n');

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'final-xss-'));
      mkdirSync(join(work, 'shared'));
      writeFileSync(join(work, 'shared', ENTITY_NAME), entityBytes);
      // Mallory is silent for long stretches: no heartbeat drop during the test.
      tracker = await startTracker(join(work, 'tracker.db'), ['--heartbeat-timeout', '120000']);
      alice = await startPeer(tracker.ready.port as number, { shared: join(work, 'shared'), downloads: join(work, 'downloads'), history: join(work, 'history.db') });
      context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      context.setDefaultTimeout(10_000);
      await watchForInjection(context);
      page = await open(alice.ready.ui as string);
      dashboard = await open(tracker.ready.dashboard as string);
    }, 45_000);

    afterAll(async () => {
      await context?.close();
      await mallory?.stop();
      await Promise.all([alice?.stop(), tracker?.stop()]);
      if (work) rmSync(work, { recursive: true, force: true });
    });

    // When a step fails, what both pages showed is kept.
    afterEach(async (test: TestContext) => {
      if (test.task.result?.state !== 'fail') return;
      mkdirSync(ARTIFACTS, { recursive: true });
      await Promise.all([page, dashboard].map((shown, index) => shown?.screenshot({ path: join(ARTIFACTS, `xss-failure-${index + 1}.png`) }).catch(() => {})));
    });

    const open = (url: string) => openWatchedPage(context, url, problems);

    /** Waits for an element matching `selector` whose text is exactly `text`. */
    async function shows(where: Page | Locator, selector: string, text: string): Promise<void> {
      await where.locator(selector).filter({ hasText: text.slice(0, 40) }).first().waitFor();
      expect(await texts(where.locator(selector))).toContain(text);
    }

    const toast = (text: string) => shows(page, '#toasts .toast > span', text);
    const pane = () => page.locator('.tab.selected[data-with="mallory"]').waitFor().then(() => page.locator('.session-panel .pane'));
    const wireRow = (type: string) => page.locator(`#inspector .wire-row[data-type="${type}"] .wire-text`);

    it('usernames cannot carry markup: the tracker refuses them before anything shows them', async () => {
      // Typed into the page's login form: refused, and the page shows the tracker's sentence.
      await page.locator('#mode-new').click();
      await page.locator('#login-username').fill(FORM_NAME);
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#login-submit').click();
      await page.locator('#login-error:not([hidden])', { hasText: /a username is 3 to 32/i }).waitFor();
      // Sent by a raw client, without the form's length limit: refused, and not echoed back.
      const raw = await JsonLines.dial(tracker.ready.port as number);
      await raw.next(ofType('hello'));
      const refused = await raw.request({ type: 'login', username: PAYLOAD, password: 'whatever password', port: 1 });
      expect(refused).toMatchObject({ type: 'error', code: 'BAD_USERNAME' });
      expect(String(refused.message)).not.toMatch(/[<>]/);
      // The dashboard's feed reports failed logins with the username as sent, but a name that breaks
      // the rules is refused before that: the next failure is listed, the markup ones never are.
      expect(await raw.request({ type: 'login', username: 'nobody', password: 'whatever password', port: 1 })).toMatchObject({ code: 'AUTH_FAILED' });
      raw.close();
      await shows(dashboard, '#feed .feed-item > span:last-child', 'login as nobody refused: AUTH_FAILED');
      expect((await texts(dashboard.locator('#feed'))).join('')).not.toMatch(/[<>]/);

      // The form asks again for the username only; then alice is in, and mallory joins.
      await page.locator('#login-username').fill('alice');
      await page.locator('#login-submit').click();
      await page.locator('#app-screen:not([hidden])').waitFor();
      mallory = await HostilePeer.register(tracker.ready.port as number, 'mallory');
      await page.locator('.roster-item[data-user="mallory"] .roster-name', { hasText: 'mallory' }).waitFor();
    }, 30_000);

    it('a peer\'s chat, offered file names, failure reasons, errors, bye and broken lines are shown as text', async () => {
      const { link, session } = await mallory.call('alice');
      const chat = await pane();
      link.send({ type: 'chat', text: PAYLOAD });
      await shows(chat, '.msg.theirs .msg-text', PAYLOAD);
      // Alice types markup: it leaves exactly as typed, and her page shows it as text.
      await chat.locator('.composer-input').fill(PAYLOAD);
      await chat.locator('.composer-input').press('Enter');
      expect(await link.next(ofType('chat'))).toMatchObject({ text: PAYLOAD });
      await shows(chat, '.msg.mine .msg-text', PAYLOAD);

      // A file offered under a markup name arrives (saved under a safe name) and is listed as named.
      const bytes = Buffer.from('hello');
      link.send({ type: 'offer', xfer: 'x1', name: `${PAYLOAD}.txt`, size: bytes.length, sha256: sha256(bytes) });
      await link.next((m) => m.type === 'accept' && m.xfer === 'x1');
      link.sendRaw(`${JSON.stringify({ type: 'data', xfer: 'x1', len: bytes.length })}\n`);
      link.sendRaw(bytes);
      await link.next(ofType('file_ok'));
      await shows(chat, '.transfer.incoming[data-state="verified"] .transfer-name', `${PAYLOAD}.txt`);
      // A cancel whose reason is markup instead of a code: the peer answers BAD_MESSAGE, the page
      // (which follows the wire) marks the transfer failed with that reason, as text.
      link.send({ type: 'offer', xfer: 'x2', name: 'second.txt', size: 10, sha256: sha256(Buffer.alloc(10)) });
      await link.next((m) => m.type === 'accept' && m.xfer === 'x2');
      link.send({ type: 'cancel', xfer: 'x2', reason: PAYLOAD });
      expect(await link.next(ofType('error'))).toMatchObject({ code: 'BAD_MESSAGE', field: 'reason' });
      await shows(chat, '.transfer[data-xfer="x2"] .failed-text', `✗ ${PAYLOAD}`);
      // A line that is not JSON, an error and a bye carrying markup: only the inspector shows them.
      link.sendRaw(`${FORM_NAME}\n`);
      expect(await link.next(ofType('error'))).toMatchObject({ code: 'BAD_JSON' });
      link.send({ type: 'error', code: 'INTERNAL', message: PAYLOAD });
      await shows(page, '#inspector .wire-row[data-type="(not JSON)"] .wire-text', FORM_NAME);
      await wireRow('error').filter({ hasText: INNER }).first().waitFor();
      expect((await texts(wireRow('chat'))).filter((line) => line.includes(INNER))).toHaveLength(2);
      expect((await texts(wireRow('offer'))).some((line) => line.includes(INNER))).toBe(true);
      await page.locator('#inspector-sequence').click();
      await page.locator('#inspector .seq-row[data-type="chat"]').first().waitFor();
      // The diagram's label is the text in quotes, cut to 48 characters.
      expect(await texts(page.locator('#inspector .seq-row[data-type="chat"] .seq-label'))).toContain(`chat “${PAYLOAD.slice(0, 46)}…`);
      const titles = await page.locator('#inspector .seq-row[data-type="chat"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('title') ?? ''));
      expect(titles.filter((title) => title.includes(INNER))).toHaveLength(2);
      await page.locator('#inspector-list').click();

      link.send({ type: 'bye', reason: PAYLOAD });
      await wireRow('bye').filter({ hasText: INNER }).waitFor();
      // Mallory's report to the tracker names a file with markup: the dashboard's log shows it.
      await mallory.closeSession(session, 2, [{ name: PAYLOAD, size: 5, sha256: sha256(bytes), verified: true, direction: 'sent' }]);
      await chat.locator('.closed-note', { hasText: 'closed by mallory' }).waitFor();
    }, 45_000);

    it('an earlier transcript and a refusal relayed from the other peer are shown as text', async () => {
      // Meeting again: alice's --history-db gives back what both said, markup included.
      const again: DirectSession = await mallory.call('alice');
      const chat = await pane();
      await chat.locator('.earlier .msg-text').nth(1).waitFor();
      expect(await texts(chat.locator('.earlier .msg-text'))).toEqual([PAYLOAD, PAYLOAD]);
      again.link.send({ type: 'bye', reason: 'closed' });
      await mallory.closeSession(again.session, 0, []);
      await chat.locator('.closed-note', { hasText: 'closed by mallory' }).waitFor();

      // Alice calls mallory, who refuses with markup as the message: the page's notice quotes it.
      mallory.onDial = (link, first) => {
        if (first.type === 'hello') link.send({ type: 'error', code: 'BAD_TICKET', message: PAYLOAD });
        link.close();
      };
      await page.locator('.roster-item[data-user="mallory"]').click();
      await toast(`mallory refused the connection: ${PAYLOAD}`);

      // A hello whose "from" is not a username: the peer refuses it, the inspector names the
      // connection after what was claimed, as text.
      const raw = await JsonLines.dial(alice.ready.port as number);
      raw.send({ type: 'hello', from: PAYLOAD, ticket: 'x' });
      expect(await raw.next(ofType('error'))).toMatchObject({ code: 'BAD_MESSAGE', field: 'from' });
      raw.close();
      const option = page.locator('#inspector-connection option', { hasText: `chat with ${PAYLOAD}` });
      await option.waitFor({ state: 'attached' });
      expect((await option.textContent())?.startsWith(`chat with ${PAYLOAD}`)).toBe(true);
      await page.locator('#inspector-connection').selectOption((await option.getAttribute('value')) ?? '');
      await page.locator('#inspector-sequence').click();
      expect(await texts(page.locator('#inspector .lane-name'))).toEqual(['you (alice)', PAYLOAD]);
      await page.locator('#inspector-list').click();
    }, 45_000);

    it('file names that cannot carry markup keep entity text literal: shared files, search, holders, downloads', async () => {
      const bytes = entityBytes;
      // The tracker's index takes no name with markup characters, and the page does not search for one.
      expect(await mallory.tracker.request({ type: 'share', files: [{ name: `${INNER}.txt`, size: bytes.length, sha256: sha256(bytes) }] })).toMatchObject({ type: 'error', code: 'BAD_NAME' });
      await page.locator('#search-input').fill(PAYLOAD);
      await page.locator('#search-input').press('Enter');
      await toast(`${JSON.stringify(PAYLOAD)} is not a file name anyone can share`);

      await shows(page, '.my-files .file-name', ENTITY_NAME);
      await mallory.share([{ name: ENTITY_NAME, size: bytes.length, sha256: sha256(bytes) }]);
      mallory.onDial = (link, first) => {
        if (first.type !== 'get') return link.close();
        link.send({ type: 'offer', xfer: first.xfer, name: first.name, size: bytes.length, sha256: sha256(bytes) });
        link.sendRaw(`${JSON.stringify({ type: 'data', xfer: first.xfer, len: bytes.length })}\n`);
        link.sendRaw(bytes);
      };
      await page.locator('#search-input').fill(ENTITY_NAME);
      await page.locator('#search-input').press('Enter');
      await shows(page, '.result .file-name', ENTITY_NAME);
      expect(await texts(page.locator('.result .holder-name'))).toEqual(['mallory']);
      await page.locator('.result button', { hasText: 'Download' }).click();
      const done = page.locator('.download.done');
      await done.waitFor();
      expect(await texts(done.locator('.file-name'))).toEqual([ENTITY_NAME]);
      expect(await done.locator('.attempts').textContent()).toBe('✓from mallory');
      expect(await done.locator('.verified').textContent()).toBe(`✓ verified · saved as ${ENTITY_NAME} Save…`);
      // The link that saves it names the file literally, and asks for it by its encoded name.
      const save = done.locator('.save-link');
      expect(await save.getAttribute('download')).toBe(ENTITY_NAME);
      expect(await save.getAttribute('href')).toBe(`/api/received/${encodeURIComponent(ENTITY_NAME)}`);
      const downloadConnection = page.locator('#inspector-connection option', { hasText: `download of ${ENTITY_NAME} from mallory` });
      await downloadConnection.waitFor({ state: 'attached' });
      expect((await downloadConnection.textContent())?.startsWith(`download of ${ENTITY_NAME} from mallory`)).toBe(true);

      // The dashboard's index and log.
      await shows(dashboard, '#index b', ENTITY_NAME);
      await dashboard.locator('#index td', { hasText: 'alice, mallory' }).waitFor();
      // One title lists every file of a session, a line each: mallory offered the name with markup
      // (earlier in this file), alice saved it under a safe one; both are shown, as text.
      const logLines = async () => (await dashboard.locator('#log [title]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title') ?? ''))).flatMap((title) => title.split('\n'));
      await expect.poll(async () => (await logLines()).some((line) => line.startsWith(`${PAYLOAD} (saved as `) && line.endsWith('): mallory → alice, verified')), { timeout: 10_000 }).toBe(true);

      // History lists the sessions with mallory (usernames only, which cannot carry markup).
      await page.locator('#history-tab').click();
      await page.locator('.history-pane table tbody tr', { hasText: 'mallory ↔ alice' }).first().waitFor();
      expect(await texts(page.locator('.history-with'))).toEqual(['alice ↔ mallory', 'alice ↔ mallory']);
    }, 45_000);

    it('ran nothing and injected no element in either page; the watch sees an injection when there is one', async () => {
      for (const shown of [page, dashboard]) expect(await watched(shown)).toEqual({ xss: undefined, injected: [], violations: [] });
      expect(problems).toEqual([]);
      const canary = await proveWatchSeesInjection(page);
      expect(canary.injected.some((element) => element.includes('canary'))).toBe(true);
      expect(canary.violations.length).toBeGreaterThan(0);
      expect(canary.xss).toBeUndefined(); // the CSP blocked the handler
    });
  });
});
