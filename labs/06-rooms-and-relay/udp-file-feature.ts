// Lab 04's file feature, run on the same Lab 04 classes, plus Lab 06's UdpUploads: a get that carries
// udp_port is answered over UDP (PROTOCOL §5.9), every other get as in Lab 04. Given: the routing is
// the kit's (kit/peer/file-feature-wiring.ts).
import { wireFileFeature } from '#kit/peer/file-feature-wiring.ts';
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import { Downloads } from '../04-file-transfer/downloads.ts';
import { SessionTransfers } from '../04-file-transfer/session-transfers.ts';
import { readSharedFolder } from '../04-file-transfer/shared-folder.ts';
import { TransferProgress } from '../04-file-transfer/transfer-progress.ts';
import { Uploads } from '../04-file-transfer/uploads.ts';
import { UdpUploads } from './udp-uploads.ts';

export function udpFileFeature(): PeerFeatureFactory {
  return wireFileFeature({ TransferProgress, SessionTransfers, Downloads, Uploads, readSharedFolder, UdpUploads });
}
