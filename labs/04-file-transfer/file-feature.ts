// Everything Lab 04 adds to the Lab 03 peer: files in sessions (/send), the shared folder announced
// to the tracker (/share), downloads by name from whoever shares them (/get), and serving those.
// The routing is given (kit/peer/file-feature-wiring.ts); it runs on the classes of this folder.
import { wireFileFeature } from '#kit/peer/file-feature-wiring.ts';
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import { Downloads } from './downloads.ts';
import { SessionTransfers } from './session-transfers.ts';
import { readSharedFolder } from './shared-folder.ts';
import { TransferProgress } from './transfer-progress.ts';
import { Uploads } from './uploads.ts';

export function fileFeature(): PeerFeatureFactory {
  return wireFileFeature({ TransferProgress, SessionTransfers, Downloads, Uploads, readSharedFolder });
}
