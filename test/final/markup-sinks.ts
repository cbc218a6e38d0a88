// Where browser code could turn a string into markup or code: innerHTML and its kin, document.write,
// eval and friends. Code is scanned as JavaScript with comments and types gone (esbuild's transform),
// so a comment that mentions innerHTML is no finding and a cast cannot hide one. A sink given a
// constant string (no interpolation, no concatenation) is allowed: it cannot carry anyone's input.
import { transformSync } from 'esbuild';

export interface Finding {
  source: string;
  /** The code around the sink. */
  code: string;
}

const STRING = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60[^\x60$\\]*\x60)`;
const END = String.raw`\s*(?:;|,|\)|\}|\n|$)`;

// A sink, and the shape in which it is harmless (undefined: never harmless).
const SINKS: Array<{ sink: RegExp; constant?: RegExp }> = [
  { sink: /\.\s*(?:innerHTML|outerHTML)\s*\+?=(?!=)/g, constant: new RegExp(String.raw`^\.\s*(?:innerHTML|outerHTML)\s*\+?=\s*${STRING}${END}`) },
  { sink: /\.\s*insertAdjacentHTML\s*\(/g, constant: new RegExp(String.raw`^\.\s*insertAdjacentHTML\s*\(\s*${STRING}\s*,\s*${STRING}\s*\)`) },
  { sink: /\bdocument\s*\.\s*write(?:ln)?\s*\(/g, constant: new RegExp(String.raw`^document\s*\.\s*write(?:ln)?\s*\(\s*${STRING}\s*\)`) },
  // Reached by name, a property cannot be told apart from any other: never allowed.
  { sink: /\[\s*["'\x60](?:innerHTML|outerHTML|insertAdjacentHTML|srcdoc|write|writeln)["'\x60]\s*\]/g },
  { sink: /\.\s*(?:srcdoc|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe|parseFromString)\b/g },
  { sink: /\bnew\s+DOMParser\b/g },
  { sink: /\beval\s*\(/g },
  { sink: /\bnew\s+Function\s*\(|(?<![.\w$])Function\s*\(/g },
  { sink: /\bset(?:Timeout|Interval)\s*\(\s*["'\x60]/g },
];

/** The sinks in one piece of browser code (TypeScript or JavaScript) that take something not constant. */
export function markupSinks(source: string, code: string): Finding[] {
  const js = transformSync(code, { loader: 'ts', format: 'esm', target: 'es2022', legalComments: 'none' }).code;
  const findings: Finding[] = [];
  for (const { sink, constant } of SINKS) {
    for (const match of js.matchAll(sink)) {
      const from = match.index ?? 0;
      if (constant?.test(js.slice(from))) continue;
      findings.push({ source, code: js.slice(Math.max(0, from - 40), from + 60).replace(/\s+/g, ' ') });
    }
  }
  return findings;
}
