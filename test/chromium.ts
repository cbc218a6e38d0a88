// Debian's Chromium for the browser tests (browser downloads are impossible here): how to launch it,
// and the rule when it is missing — a failure in CI, a plain skip elsewhere.
import { existsSync } from 'node:fs';
import { it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Registers the browser tests when Chromium is there; otherwise says why they do not run. */
export function whenChromium(label: string, register: () => void): void {
  if (existsSync(CHROMIUM)) return register();
  if (process.env.CI) {
    it(`${label}: needs Chromium in CI`, () => {
      throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install chromium`);
    });
    return;
  }
  console.warn(`${label}: skipped because ${CHROMIUM} is missing (apt-get install chromium)`);
  it.skip(`${label}: skipped because ${CHROMIUM} is missing (apt-get install chromium)`, () => {});
}
