// The demo's folders and the files its four peers share, written afresh at every start. Bob and
// carol share the same dataset.csv; carol's copy is changed on disk after she has announced it (see
// staleCopy), so a download tries her first, fails the SHA-256 check, and fails over to bob.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_PEERS = ['alice', 'bob', 'carol', 'dan'] as const;
export type DemoPeer = (typeof DEMO_PEERS)[number];

export interface PeerFolders {
  shared: string;
  downloads: string;
}

const FILES: Record<DemoPeer, Record<string, () => string>> = {
  alice: {
    'welcome.txt': () => 'Hello from alice!\nThis file came straight from my computer to yours: the tracker never saw it.\n',
    'lecture-notes.md': () => ['# Sockets, in one page', '', '- TCP gives a stream of bytes, not messages: frame them (one JSON object per line).', '- A tracker introduces peers; chat and files then go peer to peer.', '- Verify what arrives: SHA-256 of every file.', ''].join('\n'),
  },
  bob: {
    'campus-map.svg': () => '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#eef1f7"/><circle cx="90" cy="100" r="40" fill="#3d4ee8"/><rect x="170" y="60" width="100" height="80" fill="#10b981"/></svg>\n',
    'dataset.csv': dataset,
  },
  carol: {
    'recipes.txt': () => 'Pancakes: 2 eggs, 250 ml milk, 125 g flour, a pinch of salt. Rest 20 minutes.\n',
    'dataset.csv': dataset,
  },
  dan: {
    'field-recording.txt': () => 'Shared from behind a NAT: nobody can dial me, so a download of this file fails (downloads are direct), while a chat with me goes through the relay.\n',
  },
};

/** Creates each peer's folders and writes its shared files. */
export function writeDemoFiles(dataDir: string): Record<DemoPeer, PeerFolders> {
  const folders = {} as Record<DemoPeer, PeerFolders>;
  for (const peer of DEMO_PEERS) {
    const shared = join(dataDir, peer, 'shared');
    const downloads = join(dataDir, peer, 'downloads');
    mkdirSync(shared, { recursive: true });
    mkdirSync(downloads, { recursive: true });
    for (const [name, content] of Object.entries(FILES[peer])) writeFileSync(join(shared, name), content());
    folders[peer] = { shared, downloads };
  }
  return folders;
}

export function sharedNames(peer: DemoPeer): string[] {
  return Object.keys(FILES[peer]);
}

/**
 * Changes carol's dataset.csv after she shared it: same size, other bytes. Her peer still announces
 * (and offers) the old SHA-256, so whoever downloads it from her finds a mismatch: a real-world fault
 * (a file edited while shared) that shows why every transfer is verified.
 */
export function staleCopy(folders: Record<DemoPeer, PeerFolders>): void {
  const path = join(folders.carol.shared, 'dataset.csv');
  const bytes = readFileSync(path);
  bytes.write('# edited', bytes.length - 9);
  writeFileSync(path, bytes);
}

// About 2 MB of made-up measurements: big enough for a visible progress bar on a slow link.
function dataset(): string {
  const rows = ['station,hour,temperature_c,humidity_pct'];
  for (let i = 0; i < 60_000; i += 1) rows.push(`s${i % 17},${i % 24},${(12 + ((i * 7) % 150) / 10).toFixed(1)},${40 + ((i * 13) % 50)}`);
  return `${rows.join('\n')}\n`;
}
