// Lab 04's file index, unchanged, with a window onto it: after each share it answered, and when a peer
// leaves, the dashboard hears what the index now holds.
import type { FeatureFactory, RequestHandler } from '#kit/tracker/tracker-feature.ts';
import { fileIndexFeature } from '#labs/04-file-transfer/file-index-feature.ts';
import type { TrackerWatch } from './tracker-watch.ts';

export function observedFileIndex(watch: TrackerWatch): FeatureFactory {
  return (tracker) => {
    const index = fileIndexFeature()(tracker);
    const share = index.requests?.share as RequestHandler<'share'> | undefined;
    if (!share) return index;
    return {
      ...index,
      requests: {
        ...index.requests,
        share: async (peer, request) => {
          const reply = await share(peer, request); // throws (and records nothing) when refused
          watch.shared(peer.username, request.files, request.append ?? false);
          return reply;
        },
      },
      left(peer, reason) {
        index.left?.(peer, reason);
        watch.unshared(peer.username);
      },
    };
  };
}
