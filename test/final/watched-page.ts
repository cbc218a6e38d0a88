// A browser page for the final app's tests that records everything that should never happen (a dialog,
// a page error, a console error) instead of letting it pass unseen, and waits until its live feed is up.
import type { BrowserContext, Page } from 'playwright-core';

export async function openWatchedPage(context: BrowserContext, url: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await page.locator('.live-status.live').waitFor();
  return page;
}
