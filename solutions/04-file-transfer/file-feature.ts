// Everything Lab 04 adds to the Lab 03 peer: files in sessions (/send), the shared folder announced
// to the tracker (/share), downloads by name from whoever shares them (/get), and serving those.
import type { PeerFeatureFactory, PeerLink } from '#kit/peer/peer-feature.ts';
import type { PeerToPeerMessage } from '#kit/protocol/messages.ts';
import { Downloads } from './downloads.ts';
import { SessionTransfers } from './session-transfers.ts';
import { readSharedFolder, type LocalFile } from './shared-folder.ts';
import { TransferProgress } from './transfer-progress.ts';
import { Uploads } from './uploads.ts';

// A share entry is at most ~400 bytes (a 255-byte name, the hash, the size): 100 always fit in a line.
const FILES_PER_SHARE = 100;

export function fileFeature(): PeerFeatureFactory {
  return (peer) => {
    const progress = new TransferProgress(peer.out);
    const transfers = new SessionTransfers(peer, progress);
    const downloads = new Downloads(peer, progress);
    let shared: LocalFile[] = [];
    const uploads = new Uploads(() => shared, peer.options.maxUploads, peer.options.stallTimeoutMs);

    const share = async () => {
      shared = await readSharedFolder(peer.options.shared);
      let reply = await peer.tracker.request({ type: 'share', files: [] });
      for (let at = 0; at < shared.length; at += FILES_PER_SHARE) {
        const files = shared.slice(at, at + FILES_PER_SHARE).map(({ name, size, sha256 }) => ({ name, size, sha256 }));
        reply = await peer.tracker.request({ type: 'share', files, append: true });
      }
      if (reply.type === 'shared') peer.out.emit('shared', { count: reply.count }, `sharing ${reply.count} file(s) from ${peer.options.shared ?? '(no --shared folder)'}`);
      else if (reply.type === 'error') peer.out.emit('error', { code: reply.code, message: reply.message });
    };

    return {
      help: [
        '/send NAME PATH       send a file in the session with NAME (\\SEND_FILE)',
        '/get F1, F2           download files by name from whoever shares them',
        '/share                announce the --shared folder again',
      ],
      commands: {
        '/send': async (rest) => {
          const [name = '', ...path] = rest.split(/\s+/);
          const session = peer.sessionWith(name);
          if (!session || path.length === 0) return peer.out.emit('error', { code: session ? 'BAD_COMMAND' : 'NO_SUCH_SESSION', message: session ? 'usage: /send NAME PATH' : `no session with ${name}` });
          await transfers.send(session, path.join(' '));
        },
        '/get': (rest) => downloads.get(rest),
        '/share': share,
      },
      sessionMessages: {
        offer: (session, offer) => void transfers.offered(session, offer),
        accept: (session, answer) => transfers.answered(session, answer),
        decline: (session, answer) => transfers.answered(session, answer),
        file_ok: (session, answer) => transfers.answered(session, answer),
        file_bad: (session, answer) => transfers.answered(session, answer),
        cancel: (session, cancel) => transfers.cancelled(session, cancel),
      },
      sessionData: (session, xfer, bytes) => transfers.data(session, xfer, bytes),
      firstMessages: {
        get: (link: PeerLink, get: Extract<PeerToPeerMessage, { type: 'get' }>) => void uploads.serve(link, get),
      },
      loggedIn: share,
      sessionEnded: (session) => transfers.ended(session),
    };
  };
}
