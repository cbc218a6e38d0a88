// Lab 06 starter, step 5: the asker's side of "who has it?" in a room. /room get CODE NAME asks the
// room; the answers are numbered as they come; /pick N downloads from answer N and moves on to the
// next answers when one fails (your Lab 04 Downloads.fetch does the walking); /pick N udp does the same
// over UDP.
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import type { MessageOf } from '#kit/protocol/messages.ts';

export class RoomAsks {
  constructor(private readonly peer: PeerContext) {}

  /** /room get CODE NAME: send room_whohas; print room_asked, and from now on list this ask's answers only. */
  async ask(code: string, name: string): Promise<void> {
    void this.peer;
    throw new Error(`TODO (README step 5): ask room ${code} who has ${name}`);
  }

  /** A room_answer push: print room_answer with the next number (from 1) if it answers the latest ask. */
  answered(answer: MessageOf<'tracker-to-peer', 'room_answer'>): void {
    throw new Error(`TODO (README step 5): list the answer of ${answer.from}`);
  }

  /**
   * /pick N: download the file from answer N, then N+1, … round to N−1 (BAD_COMMAND for a wrong N).
   * /pick N udp: the same walk, each file over UDP (your UdpDownloads.fetch, udp-downloads.ts).
   */
  async pick(typed: string): Promise<void> {
    throw new Error(`TODO (README step 5): pick ${typed}`);
  }
}
