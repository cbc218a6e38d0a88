// The tracker's file index (assignment A3's UPDATE, see docs/COURSE.md): which online peer shares
// which file. It holds names, sizes and hashes only; the files themselves never pass through the
// tracker.
import { MAX_HOLDERS_PER_FILE, MAX_SHARED_FILES } from '#kit/protocol/limits.ts';
import { isSafeFileName, type HoldersEntry, type SharedFile } from '#kit/protocol/messages.ts';
import { RequestError, type FeatureFactory, type OnlinePeer } from '#kit/tracker/tracker-feature.ts';

export function fileIndexFeature(): FeatureFactory {
  return (tracker) => {
    // Two views of the same lists: each user's files (share replaces them, left forgets them) and,
    // for whohas, each name's holders. A whohas then costs what its answer holds, not the number of
    // peers online: with 10,000 online, scanning everyone for every name is what slows a tracker.
    const byUser = new Map<string, Map<string, SharedFile>>();
    const byName = new Map<string, Map<string, { peer: OnlinePeer; file: SharedFile }>>();
    const forget = (username: string) => {
      for (const name of byUser.get(username)?.keys() ?? []) {
        const holders = byName.get(name);
        holders?.delete(username);
        if (holders?.size === 0) byName.delete(name);
      }
      byUser.delete(username);
    };
    return {
      requests: {
        share: (peer, { files, append }) => {
          const bad = files.find((file) => !isSafeFileName(file.name));
          if (bad) throw new RequestError('BAD_NAME', `${JSON.stringify(bad.name)} is not a plain file name`);
          const list = append ? new Map(byUser.get(peer.username)) : new Map<string, SharedFile>();
          for (const file of files) list.set(file.name, { name: file.name, size: file.size, sha256: file.sha256 });
          if (list.size > MAX_SHARED_FILES) throw new RequestError('TOO_LARGE', `at most ${MAX_SHARED_FILES} shared files`);
          forget(peer.username);
          byUser.set(peer.username, list);
          for (const file of list.values()) {
            const holders = byName.get(file.name) ?? new Map();
            holders.set(peer.username, { peer, file });
            byName.set(file.name, holders);
          }
          return { type: 'shared', count: list.size };
        },
        whohas: (asker, { names }) => {
          const files: HoldersEntry[] = names.map((name) => {
            if (!isSafeFileName(name)) return { name, error: 'BAD_NAME' };
            // Holders in login order, so the first in line is whoever has been around longest.
            const holders = [...(byName.get(name)?.values() ?? [])]
              .filter(({ peer }) => peer.username !== asker.username)
              .sort((a, b) => a.peer.since.getTime() - b.peer.since.getTime())
              .slice(0, MAX_HOLDERS_PER_FILE)
              .map(({ peer, file }) => ({ username: peer.username, host: peer.host, port: peer.port, size: file.size, sha256: file.sha256 }));
            return holders.length === 0 ? { name, error: 'NO_SUCH_FILE' } : { name, holders };
          });
          return { type: 'holders', files };
        },
      },
      left(peer) {
        forget(peer.username); // a peer that left cannot serve anything
      },
    };
  };
}
