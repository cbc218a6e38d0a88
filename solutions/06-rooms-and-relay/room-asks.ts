// The asker's side of "who has it?" in a room (Lab 06 step 5): /room get CODE NAME asks the room, the
// answers the tracker passes on are numbered as they come, and /pick N downloads from answer N, moving
// on to the answers after it when one fails: Lab 04's failover, through its Downloads.fetch. /pick N udp
// walks the answers the same way, each file coming over UDP (udp-downloads.ts, PROTOCOL §5.9).
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import type { Holder, MessageOf, TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { Downloads } from '../04-file-transfer/downloads.ts';
import { TransferProgress } from '../04-file-transfer/transfer-progress.ts';
import { UdpDownloads } from './udp-downloads.ts';

interface OpenAsk {
  code: string;
  ask: string;
  name: string;
  /** In the order they came: answer n is answers[n - 1]. */
  answers: Holder[];
}

export class RoomAsks {
  /** Only the latest ask is listed: a new /room get starts a new list. */
  private latest: OpenAsk | undefined;
  private readonly downloads: Downloads;
  private readonly udp: UdpDownloads;

  constructor(private readonly peer: PeerContext) {
    const progress = new TransferProgress(peer.out);
    this.downloads = new Downloads(peer, progress);
    this.udp = new UdpDownloads(peer, progress);
  }

  /** /room get CODE NAME: room_whohas, and the tracker's room_asked printed. */
  async ask(code: string, name: string): Promise<void> {
    const reply = await this.peer.tracker.request({ type: 'room_whohas', code, name });
    if (reply.type !== 'room_asked') return this.problem(reply);
    this.latest = { code: reply.code, ask: reply.ask, name: reply.name, answers: [] };
    this.peer.out.emit('room_asked', { code: reply.code, ask: reply.ask, name: reply.name }, `asked room ${reply.code} who has ${reply.name}: answers are numbered as they come; /pick N downloads`);
  }

  /** A room_answer push: the next number when it answers the latest ask; an older ask's is dropped. */
  answered(answer: MessageOf<'tracker-to-peer', 'room_answer'>): void {
    const open = this.latest;
    if (!open || answer.ask !== open.ask) return;
    open.answers.push({ username: answer.from, host: answer.host, port: answer.port, size: answer.size, sha256: answer.sha256 });
    const n = open.answers.length;
    this.peer.out.emit('room_answer', { code: answer.code, ask: answer.ask, n, from: answer.from, name: answer.name, size: answer.size, sha256: answer.sha256 }, `  [${n}] ${answer.from} has ${answer.name} (${answer.size} bytes)`);
  }

  // #region pick
  /** /pick N [udp]: answer N first, then N+1, … round to N−1, as /get walks a file's holders. */
  async pick(typed: string): Promise<void> {
    const open = this.latest;
    const count = open?.answers.length ?? 0;
    const [number = '', transport = '', ...extra] = typed.trim().split(/\s+/);
    const udp = transport === 'udp';
    const n = /^\d+$/.test(number) && (udp || transport === '') && extra.length === 0 ? Number(number) : NaN;
    if (!open || !(n >= 1 && n <= count)) {
      const message = count === 0 ? 'no answers to pick from: /room get CODE NAME first, then wait for answers' : `pick a number from 1 to ${count} (then udp, to download over UDP)`;
      return this.peer.out.emit('error', { code: 'BAD_COMMAND', message }, `✗ ${message}`);
    }
    const order = [...open.answers.slice(n - 1), ...open.answers.slice(0, n - 1)];
    if (udp) return this.udp.fetch(open.name, order);
    await this.downloads.fetch(open.name, order);
  }
  // #endregion pick

  private problem(reply: TrackerToPeerMessage): void {
    const { code, message } = reply.type === 'error' ? reply : { code: 'INTERNAL' as const, message: `unexpected reply ${reply.type}` };
    this.peer.out.emit('error', { code, message }, `✗ ${message}`);
  }
}
