// The public shape of one declaration file (.d.ts as tsc emits it, without comments): one entry per
// declaration, and one per class or interface member, so two files can be compared entry by entry.
// Private members are left out: they are the implementer's business. Names are spelled one way
// whatever the file's imports and aliases: an imported name as tsc spells an inline import,
// import("module").Name (so `net.Socket` and a named `Socket` from 'node:net' are the same), and a
// type alias the file keeps to itself as what it stands for.

export interface DeclarationShape {
  /** "class PeerApp", "class PeerApp › push", "function runChat", … → the declaration, whitespace collapsed. */
  readonly entries: Map<string, string>;
  /** Classes the file does not export (its copy exported them so tsc would emit them). */
  readonly localClasses: ReadonlySet<string>;
}

const MEMBER = ' › ';

export function declarationShape(dts: string, localClasses: Iterable<string> = []): DeclarationShape {
  const statements = splitStatements(dts);
  const names = new NameSpeller(statements);
  const entries = new Map<string, string>();
  const add = (key: string, text: string) => {
    const spelled = names.spell(collapse(text));
    const before = entries.get(key);
    entries.set(key, before === undefined ? spelled : `${before}\n${spelled}`); // overloads
  };
  for (const statement of statements) {
    if (/^import\s/.test(statement) || /^export\s*\{\s*\}$/.test(statement) || names.isLocalAlias(statement)) continue;
    const reexport = /^export\s+(type\s+)?\{([^}]*)\}(?:\s*from\s*(['"])(.*)\3)?$/.exec(statement);
    if (reexport) {
      for (const specifier of reexport[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [original, exported = original] = specifier.split(/\s+as\s+/) as [string, string?];
        const source = reexport[4] === undefined ? original : `import("${reexport[4]}").${original}`;
        add(`export ${exported}`, `export ${reexport[1] ?? ''}${source}${exported === original ? '' : ` as ${exported}`}`);
      }
      continue;
    }
    const declared = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(class|interface|type|function|const|let|var|enum|namespace)\s+([\w$]+)/.exec(statement);
    const key = declared ? `${declared[1]} ${declared[2]}` : statement;
    if (declared?.[1] === 'class' || declared?.[1] === 'interface') {
      const open = statement.indexOf('{');
      add(key, statement.slice(0, open));
      for (const member of splitStatements(statement.slice(open + 1, statement.lastIndexOf('}')))) {
        const name = memberName(member);
        if (name !== undefined) add(`${key}${MEMBER}${name}`, member);
      }
    } else {
      add(key, statement);
    }
  }
  return { entries, localClasses: new Set(localClasses) };
}

/**
 * What differs between the reference's shape and the starter's, one problem per entry. A class the
 * reference keeps to itself may be left out of the starter (it is the student's design); once the
 * starter gives it, it must match.
 */
export function compareShapes(reference: DeclarationShape, starter: DeclarationShape): string[] {
  const problems: string[] = [];
  const optional = (key: string) => {
    const owner = key.split(MEMBER)[0]!;
    const local = /^class ([\w$]+)$/.exec(owner)?.[1];
    return local !== undefined && reference.localClasses.has(local) && !starter.entries.has(owner);
  };
  const where = (key: string) => (key.includes(MEMBER) ? ` (in ${key.split(MEMBER)[0]})` : '');
  for (const [key, expected] of reference.entries) {
    const got = starter.entries.get(key);
    if (got === undefined && !optional(key)) problems.push(`missing${where(key)}: ${expected}`);
    else if (got !== undefined && got !== expected) problems.push(`different${where(key)}:\n    reference: ${expected}\n    starter:   ${got}`);
  }
  for (const [key, got] of starter.entries) {
    if (!reference.entries.has(key)) problems.push(`only in the starter${where(key)}: ${got}`);
  }
  return problems;
}

/** Skips the string literal that starts at `i`; returns the index just after it. */
function skipString(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return text.length;
}

/** Cuts at `;` outside brackets and strings; a class, interface, enum or namespace ends with its body's `}`. */
function splitStatements(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  const cut = (end: number) => {
    const piece = text.slice(start, end).trim().replace(/;$/, '');
    if (piece) pieces.push(piece);
    start = end;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    i++;
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) {
      depth--;
      const head = text.slice(start, i).trim();
      if (depth === 0 && c === '}' && /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(?:class|interface|enum|namespace)\s/.test(head)) cut(i);
    } else if (c === ';' && depth === 0) cut(i);
  }
  cut(text.length);
  return pieces;
}

/** The member's key (static, get or set, and its name), or undefined for a private member. */
function memberName(member: string): string | undefined {
  const match = /^((?:(?:public|protected|private|static|readonly|abstract|override|declare|accessor)\s+)*)(?:(get|set)\s+(?=[\w$#[]))?(#?[\w$]+|\[[^\]]*\]|(['"]).*?\4)?/.exec(member)!;
  const modifiers = match[1]!.split(/\s+/);
  const name = match[3];
  if (modifiers.includes('private') || name?.startsWith('#')) return undefined;
  if (name === undefined) return member.startsWith('new') ? 'new()' : '()'; // construct and call signatures
  return `${modifiers.includes('static') ? 'static ' : ''}${match[2] ? `${match[2]} ` : ''}${name}`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([({[<]) /g, '$1').replace(/ ([)}\]>])/g, '$1').trim();
}

/** Spells every name of one file the same way, whatever import or local alias the file used for it. */
class NameSpeller {
  /** Local name → import("module").name, or import("module") for a namespace or default import. */
  private readonly imported = new Map<string, { module: string; exported?: string }>();
  /** Non-generic type aliases the file does not export → their right-hand side. */
  private readonly aliases = new Map<string, string>();
  private readonly resolving = new Set<string>();

  constructor(statements: string[]) {
    for (const statement of statements) {
      const imported = /^import\s+(?:type\s+)?(.*?)\s*from\s*(['"])(.*)\2$/s.exec(statement);
      if (imported) this.addImport(imported[1]!, imported[3]!);
      const alias = /^type\s+([\w$]+)\s*=\s*(.*)$/s.exec(statement);
      if (alias) this.aliases.set(alias[1]!, collapse(alias[2]!));
    }
  }

  isLocalAlias(statement: string): boolean {
    const name = /^type\s+([\w$]+)\s*=/.exec(statement)?.[1];
    return name !== undefined && this.aliases.has(name);
  }

  /** Rewrites imported names and local aliases (outside strings and member accesses). */
  spell(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; ) {
      const c = text[i]!;
      if (c === "'" || c === '"' || c === '`') {
        const end = skipString(text, i);
        out += text.slice(i, end);
        i = end;
        continue;
      }
      const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))?.[0];
      if (word === undefined) {
        out += c;
        i++;
        continue;
      }
      const before = out.trimEnd();
      const memberAccess = before.endsWith('.') && !before.endsWith('...');
      i += word.length;
      out += memberAccess ? word : this.spellName(word, text[i] === '.');
    }
    return out;
  }

  private spellName(word: string, followedByDot: boolean): string {
    const alias = this.aliases.get(word);
    if (alias !== undefined && !this.resolving.has(word)) {
      this.resolving.add(word);
      const body = this.spell(alias);
      this.resolving.delete(word);
      return /^(?:import\("[^"]*"\)\.)?[\w$.]+(?:<.*>)?(?:\[\])*$/.test(body) ? body : `(${body})`;
    }
    const name = this.imported.get(word);
    if (name === undefined) return word;
    if (name.exported !== undefined) return `import("${name.module}").${name.exported}`;
    // A namespace or default import: `net.Socket` is the module's Socket, a bare `Database` its default.
    return followedByDot ? `import("${name.module}")` : `import("${name.module}").default`;
  }

  private addImport(clause: string, module: string): void {
    const specifiers = /\{([^}]*)\}/.exec(clause)?.[1]!.split(',') ?? [];
    for (const specifier of specifiers.map((s) => s.trim().replace(/^type\s+/, '')).filter(Boolean)) {
      const [exported, local = exported] = specifier.split(/\s+as\s+/) as [string, string?];
      this.imported.set(local, { module, exported });
    }
    const whole = /^(?:\*\s+as\s+)?([\w$]+)$/.exec(clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim())?.[1];
    if (whole) this.imported.set(whole, { module });
  }
}
