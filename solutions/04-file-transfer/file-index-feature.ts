// The tracker's file index (assignment A3's UPDATE, see docs/COURSE.md): which online peer shares
// which file. It holds names, sizes and hashes only; the files themselves never pass through the
// tracker.
import { MAX_HOLDERS_PER_FILE, MAX_SHARED_FILES } from '#kit/protocol/limits.ts';
import { isSafeFileName, type HoldersEntry, type SharedFile } from '#kit/protocol/messages.ts';
import { RequestError, type FeatureFactory } from '#kit/tracker/tracker-feature.ts';

export function fileIndexFeature(): FeatureFactory {
  return (tracker) => {
    const shared = new Map<string, Map<string, SharedFile>>();
    return {
      requests: {
        share: (peer, { files, append }) => {
          const bad = files.find((file) => !isSafeFileName(file.name));
          if (bad) throw new RequestError('BAD_NAME', `${JSON.stringify(bad.name)} is not a plain file name`);
          const list = append ? new Map(shared.get(peer.username)) : new Map<string, SharedFile>();
          for (const file of files) list.set(file.name, { name: file.name, size: file.size, sha256: file.sha256 });
          if (list.size > MAX_SHARED_FILES) throw new RequestError('TOO_LARGE', `at most ${MAX_SHARED_FILES} shared files`);
          shared.set(peer.username, list);
          return { type: 'shared', count: list.size };
        },
        whohas: (asker, { names }) => {
          // Holders in login order, so the first in line is whoever has been around longest.
          const online = [...tracker.online.values()].filter((p) => p !== asker).sort((a, b) => a.since.getTime() - b.since.getTime());
          const files: HoldersEntry[] = names.map((name) => {
            if (!isSafeFileName(name)) return { name, error: 'BAD_NAME' };
            const holders = online.flatMap((peer) => {
              const file = shared.get(peer.username)?.get(name);
              return file ? [{ username: peer.username, host: peer.host, port: peer.port, size: file.size, sha256: file.sha256 }] : [];
            });
            return holders.length === 0 ? { name, error: 'NO_SUCH_FILE' } : { name, holders: holders.slice(0, MAX_HOLDERS_PER_FILE) };
          });
          return { type: 'holders', files };
        },
      },
      left(peer) {
        shared.delete(peer.username); // a peer that left cannot serve anything
      },
    };
  };
}
