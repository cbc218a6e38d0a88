// How Lab 04's parts plug into the peer: commands, session messages and `get` connections routed to
// the classes a student writes, and the shared folder announced after login and on /share. Given, not
// taught, so it lives here once; each lab's file-feature.ts passes in its own classes, which keeps a
// student's code running on the student's classes and a reference on the reference's. Lab 06 adds
// one optional part, UdpUploads: a `get` that carries `udp_port` goes to it (PROTOCOL §5.9); without
// it, such a get is served in data frames like any other (a Lab 04 holder ignores the field, §1).
import type { Output } from '../cli/output.ts';
import type { PeerEvents } from '../protocol/events.ts';
import type { PeerToPeerMessage, SharedFile } from '../protocol/messages.ts';
import type { ChatSession, PeerContext, PeerFeatureFactory, PeerLink } from './peer-feature.ts';

type Msg<T extends PeerToPeerMessage['type']> = Extract<PeerToPeerMessage, { type: T }>;
type Answer = Msg<'accept'> | Msg<'decline'> | Msg<'file_ok'> | Msg<'file_bad'> | Msg<'cancel'>;
/** A get that asks for the file over UDP (PROTOCOL §5.9). */
export type UdpGet = Msg<'get'> & { udp_port: number };

/** What the wiring needs of each Lab 04 class: the methods it routes to, and how to build it. */
export interface FileFeatureParts<Progress, Local extends SharedFile> {
  TransferProgress: new (out: Output<PeerEvents>) => Progress;
  SessionTransfers: new (peer: PeerContext, progress: Progress) => {
    send(session: ChatSession, path: string): Promise<void>;
    offered(session: ChatSession, offer: Msg<'offer'>): Promise<void>;
    answered(session: ChatSession, answer: Answer): void;
    cancelled(session: ChatSession, cancel: Msg<'cancel'>): void;
    data(session: ChatSession, xfer: string, bytes: Buffer): void;
    ended(session: ChatSession): void;
  };
  Downloads: new (peer: PeerContext, progress: Progress) => { get(list: string): Promise<void> };
  Uploads: new (files: () => Local[], maxUploads: number, stallTimeoutMs: number) => { serve(link: PeerLink, first: Msg<'get'>): Promise<void> };
  /** Lab 06: serves a get that asks for the file over UDP; built like Uploads, with slots of its own. */
  UdpUploads?: new (files: () => Local[], maxUploads: number, stallTimeoutMs: number) => { serve(link: PeerLink, get: UdpGet): Promise<void> };
  readSharedFolder(dir: string | undefined): Promise<Local[]>;
}

// A share entry is at most ~400 bytes (a 255-byte name, the hash, the size): 100 always fit in a line.
const FILES_PER_SHARE = 100;

export function wireFileFeature<Progress, Local extends SharedFile>(parts: FileFeatureParts<Progress, Local>): PeerFeatureFactory {
  return (peer) => {
    const progress = new parts.TransferProgress(peer.out);
    const transfers = new parts.SessionTransfers(peer, progress);
    const downloads = new parts.Downloads(peer, progress);
    let shared: Local[] = [];
    const uploads = new parts.Uploads(() => shared, peer.options.maxUploads, peer.options.stallTimeoutMs);
    const udpUploads = parts.UdpUploads && new parts.UdpUploads(() => shared, peer.options.maxUploads, peer.options.stallTimeoutMs);

    const share = async () => {
      shared = await parts.readSharedFolder(peer.options.shared);
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
        get: (link: PeerLink, get: Msg<'get'>) => void (udpUploads && isUdpGet(get) ? udpUploads.serve(link, get) : uploads.serve(link, get)),
      },
      loggedIn: share,
      sessionEnded: (session) => transfers.ended(session),
    };
  };
}

function isUdpGet(get: Msg<'get'>): get is UdpGet {
  return get.udp_port !== undefined;
}
