// The pages put every name, message and file name on screen as text: no browser source of the final
// app hands a non-constant string to innerHTML, outerHTML, insertAdjacentHTML, document.write, eval
// or their kin, and neither do the scripts as served. The scanner itself is shown to find each sink.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pageScript } from '../../final/ui-server/bundle.ts';
import { markupSinks } from './markup-sinks.ts';

const WEB = fileURLToPath(new URL('../../final/web/', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [path] : [];
  });
}

describe('markup sinks in the pages\' code', () => {
  it('finds every kind of sink fed with input, and lets constant strings through', () => {
    const found = (code: string) => markupSinks('example.ts', code).length;
    for (const risky of [
      'el.innerHTML = name;',
      'el.innerHTML = `<b>${name}</b>`;',
      "el.innerHTML = '<b>' + name;",
      'el.innerHTML += name;',
      'el.outerHTML = name;',
      "el.insertAdjacentHTML('beforeend', html);",
      'document.write(text);',
      'document.writeln(`x${text}`);',
      "el['innerHTML'] = name;",
      'frame.srcdoc = page;',
      "range.createContextualFragment('<b>x</b>');",
      "new DOMParser().parseFromString(text, 'text/html');",
      'eval(code);',
      'new Function(body)();',
      "setTimeout('run()', 10);",
      '(el as unknown as { innerHTML: string }).innerHTML = name as string;',
    ]) expect(found(risky), risky).toBeGreaterThan(0);
    for (const harmless of [
      "el.innerHTML = '';",
      'el.innerHTML = "<hr>";',
      'el.outerHTML = ``;',
      "el.insertAdjacentHTML('beforeend', '<hr>');",
      "document.write('<p>static</p>');",
      'if (el.innerHTML === name) el.textContent = name;',
      'const copy = el.innerHTML;',
      '// el.innerHTML = name; a comment is not code',
      'setTimeout(() => run(), 10);',
      'myFunction(x);',
    ]) expect(found(harmless), harmless).toBe(0);
  });

  it('finds none in final/web/src or in the scripts the servers send', async () => {
    const sources = sourcesUnder(join(WEB, 'src'));
    expect(sources.length).toBeGreaterThan(10);
    const findings = sources.flatMap((path) => markupSinks(path, readFileSync(path, 'utf8')));
    for (const page of ['peer', 'dashboard'] as const) findings.push(...markupSinks(`/app.js of the ${page} page`, await pageScript(page)));
    expect(findings).toEqual([]);
  }, 30_000);

  it('keeps script and event handlers out of the pages\' HTML', () => {
    for (const page of ['peer.html', 'dashboard.html']) {
      const html = readFileSync(join(WEB, page), 'utf8');
      expect(html, page).not.toMatch(/\son\w+\s*=|javascript:/i);
      expect([...html.matchAll(/<script\b[^>]*>/gi)].map((tag) => tag[0]), page).toEqual(['<script src="/app.js" defer>']);
    }
  });
});
