// What a receiver left on the disk, judged as a whole: the grader's whole temporary tree (not one
// path) must hold nothing new outside the downloads folder, and the downloads folder only plain files
// with safe names, exactly the transfers that were verified (PROTOCOL §1 "Safe file names", §5.6).
import { readdir, readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { showBytes } from '../../engine/show-bytes.ts';

export interface TreeEntry {
  /** Relative to the tree's root, with "/" between parts; raw bytes shown escaped. */
  path: string;
  kind: 'file' | 'folder' | 'link' | 'other';
  /** The last part's bytes exactly as the file system holds them. */
  nameBytes: Buffer;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const SETTLE_MS = 2_000;

/** Every entry under `root`, folders included; links are not followed. */
export async function listTree(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const visit = async (dir: Buffer, shown: string): Promise<void> => {
    const children = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    for (const child of children) {
      const nameBytes = Buffer.from(child.name);
      const path = shown === '' ? shownName(nameBytes) : `${shown}/${shownName(nameBytes)}`;
      const kind = child.isSymbolicLink() ? 'link' : child.isDirectory() ? 'folder' : child.isFile() ? 'file' : 'other';
      entries.push({ path, kind, nameBytes });
      if (kind === 'folder') await visit(Buffer.concat([dir, Buffer.from(sep), nameBytes]), path);
    }
  };
  await visit(Buffer.from(root), '');
  return entries;
}

/** A name as a person can read it: escaped where it is not plain printable UTF-8. */
function shownName(bytes: Buffer): string {
  const text = decodeStrict(bytes);
  return text !== undefined && !/[\u0000-\u001f\u007f-\u009f"\\]/.test(text) ? text : showBytes(bytes);
}

function decodeStrict(bytes: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

export interface Audit {
  /** The grader's temporary tree: everything the receiver could reach by climbing. */
  root: string;
  downloads: string;
  /** The tree before the first transfer: these paths are not the receiver's doing. */
  before: TreeEntry[];
  /** The bytes of every transfer the receiver verified (file_ok): exactly these must be in downloads. */
  verified: Buffer[];
  why: string;
}

/**
 * Fails on anything new outside the downloads folder, a folder or link inside it, a name on disk that
 * is not safe, or contents that are not exactly the verified transfers (a temporary file may take up
 * to 2 s to go).
 */
export async function auditDownloads(ctx: CheckContext, { root, downloads, before, verified, why }: Audit): Promise<void> {
  const inside = relative(root, downloads).split(sep).join('/');
  const known = new Set(before.map((entry) => entry.path));
  const tree = await listTree(root);
  const escaped = tree.filter((entry) => entry.path !== inside && !entry.path.startsWith(`${inside}/`) && !known.has(entry.path));
  if (escaped.length > 0) {
    fail({ expected: `nothing new outside ${inside}/ in the grader's folder ${root}`, got: `your peer created ${escaped.map((e) => `${e.path} (${e.kind})`).join(', ')}`, why });
  }
  const saved = tree.filter((entry) => entry.path.startsWith(`${inside}/`));
  const nested = saved.filter((entry) => entry.kind !== 'file' || entry.path.slice(inside.length + 1).includes('/'));
  if (nested.length > 0) {
    fail({ expected: `only plain files directly inside ${inside}/`, got: nested.map((e) => `${e.path} (${e.kind})`).join(', '), why: `${why}: a received name is a name, never a path to a folder or a link` });
  }
  const unsafe = saved.filter((entry) => {
    const text = decodeStrict(entry.nameBytes);
    return text === undefined || !isSafeFileName(text);
  });
  if (unsafe.length > 0) {
    fail({ expected: `only safe names in ${inside}/ (PROTOCOL §1: 1–255 bytes of UTF-8, no / \\ < > : " | ? * or control character, no trailing dot or space, no device name)`, got: unsafe.map((e) => e.path).join(', '), why });
  }
  await expectExactly(downloads, verified, why);
  ctx.note(`the grader's whole folder was checked: nothing outside ${inside}/, ${verified.length} verified file(s) inside, all with safe names`);
}

/** The downloads folder holds the verified transfers, each once, and nothing else (after ≤ 2 s). */
async function expectExactly(downloads: string, verified: Buffer[], why: string): Promise<void> {
  const want = verified.map((bytes) => bytes.toString('base64')).sort();
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const names = await readdir(downloads, { encoding: 'buffer' }).catch(() => [] as Buffer[]);
    const contents = await Promise.all(names.map(async (name) => (await readFile(Buffer.concat([Buffer.from(downloads), Buffer.from(sep), name])).catch(() => Buffer.alloc(0))).toString('base64')));
    if (JSON.stringify([...contents].sort()) === JSON.stringify(want)) return;
    if (Date.now() >= deadline) {
      const shown = names.map((name, i) => `${shownName(name)} (${Buffer.from(contents[i]!, 'base64').length} bytes${want.includes(contents[i]!) ? '' : ', not a verified transfer'})`);
      fail({ expected: `${verified.length} file(s) in the downloads, one per verified transfer, with its bytes, and nothing else after 2 s`, got: shown.length > 0 ? shown.join(', ') : 'an empty folder', why });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
