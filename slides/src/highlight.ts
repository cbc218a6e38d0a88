// A small syntax highlighter for the languages the slides quote. It only colours what a reader
// scans for (keywords, strings, comments, numbers, types); everything else stays plain and escaped.
import { escapeMarkup } from '#kit/markup/escape.ts';

type TokenClass = 'comment' | 'string' | 'keyword' | 'number' | 'type' | 'key' | 'literal';

interface Grammar {
  /** Alternatives in order; each capture group index maps to a class in `classes`. */
  pattern: RegExp;
  classes: (TokenClass | undefined)[];
}

const TS_KEYWORDS = [
  'as', 'async', 'await', 'break', 'case', 'catch', 'class', 'const', 'constructor', 'continue', 'default', 'delete',
  'do', 'else', 'export', 'extends', 'false', 'finally', 'for', 'from', 'function', 'get', 'if', 'implements', 'import',
  'in', 'instanceof', 'interface', 'let', 'new', 'null', 'of', 'private', 'readonly', 'return', 'set', 'static', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'type', 'typeof', 'undefined', 'void', 'while', 'yield',
];

const GRAMMARS: Record<string, Grammar> = {
  ts: {
    pattern: new RegExp(
      [
        String.raw`(\/\/[^\n]*|\/\*[\s\S]*?\*\/)`,
        String.raw`('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\x60(?:\\[\s\S]|[^\x60\\])*\x60)`,
        // Not after a dot (`map.get`) and not as an object key (`{ type: … }`).
        String.raw`(?<![.$])\b(${TS_KEYWORDS.join('|')})\b(?!\s*:)`,
        String.raw`\b(0x[\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)\b`,
        String.raw`\b([A-Z][A-Za-z0-9_]*)\b`,
      ].join('|'),
      'g',
    ),
    classes: ['comment', 'string', 'keyword', 'number', 'type'],
  },
  json: {
    pattern: /("(?:\\.|[^"\\\n])*")(?=\s*:)|("(?:\\.|[^"\\\n])*")|(-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|\b(true|false|null)\b/g,
    classes: ['key', 'string', 'number', 'literal'],
  },
  py: {
    pattern: /(#[^\n]*)|('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")|\b(and|as|break|class|def|elif|else|except|False|for|from|if|import|in|is|None|not|or|pass|return|True|try|while|with)\b|\b(\d+(?:\.\d+)?)\b/g,
    classes: ['comment', 'string', 'keyword', 'number'],
  },
  sh: {
    pattern: /((?:^|(?<=\s))#[^\n]*)|('[^'\n]*'|"(?:\\.|[^"\\\n])*")/gm,
    classes: ['comment', 'string'],
  },
};

const ALIASES: Record<string, string> = {
  typescript: 'ts', javascript: 'ts', js: 'ts', tsx: 'ts', bash: 'sh', shell: 'sh', console: 'sh', jsonl: 'json', python: 'py',
};

/** The grammar's name for a fence's language, or undefined for plain text. */
export function grammarName(language: string | undefined): string | undefined {
  const name = (language ?? '').toLowerCase();
  const resolved = ALIASES[name] ?? name;
  return resolved in GRAMMARS ? resolved : undefined;
}

/** HTML for the code, escaped, with `<span class="tk-…">` around the tokens the grammar knows. */
export function highlight(code: string, language: string | undefined): string {
  const name = grammarName(language);
  const grammar = name === undefined ? undefined : GRAMMARS[name];
  if (!grammar) return escapeMarkup(code);
  let html = '';
  let last = 0;
  for (const match of code.matchAll(grammar.pattern)) {
    const index = match.index;
    const group = match.findIndex((value, i) => i > 0 && value !== undefined);
    const tokenClass = grammar.classes[group - 1];
    html += escapeMarkup(code.slice(last, index));
    html += tokenClass ? `<span class="tk-${tokenClass}">${escapeMarkup(match[0])}</span>` : escapeMarkup(match[0]);
    last = index + match[0].length;
  }
  return html + escapeMarkup(code.slice(last));
}
