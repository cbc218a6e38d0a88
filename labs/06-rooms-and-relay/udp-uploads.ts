// Lab 06 starter, step 5 (/pick N udp, the holder's side): a get that carries udp_port (PROTOCOL §5.9).
// Refuse it as your Lab 04 Uploads refuses any get; else offer, then send the file with UdpSending to
// the connection's remote address and udp_port while the connection waits for the asker's verdict.
import type { UdpGet } from '#kit/peer/file-feature-wiring.ts';
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import type { LocalFile } from '../04-file-transfer/shared-folder.ts';

export class UdpUploads {
  constructor(
    private readonly files: () => LocalFile[],
    private readonly maxUploads: number,
    private readonly stallTimeoutMs: number,
  ) {}

  /**
   * One file over UDP, then close the connection. BAD_NAME, NO_SUCH_FILE, AT_CAPACITY (maxUploads UDP
   * uploads at once) and DISK_ERROR as in Lab 04; else offer and UdpSending.start. Then whichever comes
   * first: the asker's message (verdict, cancel, bye; answer pings) or the close: stop sending; the
   * sender's outcome: gave up or could not read → cancel with its code; FIN_ACK came → wait for the
   * verdict, at most stallTimeoutMs.
   */
  async serve(link: PeerLink, get: UdpGet): Promise<void> {
    void [this.files, this.maxUploads, this.stallTimeoutMs];
    link.send({ type: 'error', code: 'INTERNAL', message: `TODO (README step 5): serve ${get.name} over UDP`, re: 'get', ...(get.id === undefined ? {} : { id: get.id }) });
    link.close();
  }
}
