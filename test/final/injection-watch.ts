// What a page would show if hostile text were ever put on it as markup. The pages' Content-Security-
// Policy already stops inline script from running, so "window.__xss stayed undefined" alone would
// pass even if the page rendered markup; this watch also records, from before the page's own script
// runs, every element of a kind the pages never make (img, script other than /app.js, iframe, svg, …),
// every on* attribute, and every CSP violation (a blocked inline handler is one).
import type { BrowserContext, Page } from 'playwright-core';

const WATCH = `(() => {
  const record = { injected: [], violations: [] };
  Object.defineProperty(window, '__watch', { value: record });
  const suspect = /^(IMG|SCRIPT|IFRAME|FRAME|FRAMESET|OBJECT|EMBED|SVG|MATH|BASE|STYLE|VIDEO|AUDIO|SOURCE|PORTAL)$/;
  const look = (node) => {
    if (node.nodeType !== 1) return;
    for (const element of [node, ...node.querySelectorAll('*')]) {
      const tag = element.tagName.toUpperCase();
      const ownScript = tag === 'SCRIPT' && element.getAttribute('src') === '/app.js';
      if (suspect.test(tag) && !ownScript) record.injected.push(element.outerHTML.slice(0, 200));
      for (const name of element.getAttributeNames()) {
        if (/^on/i.test(name)) record.injected.push(tag + ' ' + name + '=' + element.getAttribute(name));
      }
    }
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes' && change.attributeName && /^on/i.test(change.attributeName)) look(change.target);
      for (const node of change.addedNodes) look(node);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('securitypolicyviolation', (event) => {
    record.violations.push(event.violatedDirective + ' ' + (event.sample || event.blockedURI));
  });
})();`;

export interface Watched {
  /** window.__xss as the page sees it: undefined unless a payload ran. */
  xss: unknown;
  injected: string[];
  violations: string[];
}

/** Every page of the context is watched from its first byte. */
export async function watchForInjection(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: WATCH });
}

export function watched(page: Page): Promise<Watched> {
  return page.evaluate(() => {
    const view = globalThis as unknown as { __xss?: unknown; __watch: { injected: string[]; violations: string[] } };
    return { xss: view.__xss, injected: [...view.__watch.injected], violations: [...view.__watch.violations] };
  });
}

/**
 * Proves the watch would see an injection on this page: markup put in with insertAdjacentHTML is
 * recorded, and its inline handler is blocked by the CSP (a violation), so window.__xss stays unset.
 * Run it last: it leaves the element, and the failed image load is a console error.
 */
export async function proveWatchSeesInjection(page: Page): Promise<Watched> {
  await page.evaluate(() => {
    const view = globalThis as unknown as { document: { body: { insertAdjacentHTML(where: string, html: string): void } } };
    view.document.body.insertAdjacentHTML('beforeend', '<img id="canary" src="/no-such-image" onerror="window.__xss=1">');
  });
  await page.waitForFunction(() => (globalThis as unknown as { __watch: { violations: string[] } }).__watch.violations.length > 0, undefined, { timeout: 5_000 });
  return watched(page);
}
