// Progress of every transfer: a bar with rate and ETA per transfer on a terminal (cli-progress), or
// transfer events at most every 250 ms for the grader and other programs (--json).
import cliProgress from 'cli-progress';
import type { Output } from '#kit/cli/output.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';

const EVENT_EVERY_MS = 250;

interface Tracked {
  name: string;
  size: number;
  bytes: number;
  startedAt: number;
  lastEvent: number;
  bar?: cliProgress.SingleBar;
}

export class TransferProgress {
  private readonly transfers = new Map<string, Tracked>();
  private bars: cliProgress.MultiBar | undefined;

  constructor(private readonly out: Output<PeerEvents>) {}

  start(xfer: string, name: string, size: number, direction: 'sending' | 'receiving'): void {
    const tracked: Tracked = { name, size, bytes: 0, startedAt: performance.now(), lastEvent: 0 };
    if (!this.out.json && process.stderr.isTTY) {
      this.bars ??= new cliProgress.MultiBar(
        { format: ' {direction} {name} |{bar}| {percentage}% · {value}/{total} bytes · {speed} · ETA {eta_formatted}', hideCursor: true, clearOnComplete: false, stopOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      tracked.bar = this.bars.create(Math.max(size, 1), 0, { name, direction, speed: '' });
    }
    this.transfers.set(xfer, tracked);
    this.emit(xfer, tracked, true);
  }

  advance(xfer: string, bytes: number): void {
    const tracked = this.transfers.get(xfer);
    if (!tracked) return;
    tracked.bytes += bytes;
    this.emit(xfer, tracked, tracked.bytes === tracked.size);
  }

  finish(xfer: string): void {
    const tracked = this.transfers.get(xfer);
    if (!tracked) return;
    tracked.bar?.stop();
    this.transfers.delete(xfer);
    if (this.transfers.size === 0) {
      this.bars?.stop();
      this.bars = undefined;
    }
  }

  private emit(xfer: string, tracked: Tracked, force: boolean): void {
    const now = performance.now();
    if (!force && now - tracked.lastEvent < EVENT_EVERY_MS) return;
    tracked.lastEvent = now;
    if (tracked.bar) {
      const seconds = Math.max((now - tracked.startedAt) / 1000, 0.001);
      tracked.bar.update(tracked.bytes, { speed: `${(tracked.bytes / 1e6 / seconds).toFixed(1)} MB/s` });
    } else if (this.out.json) {
      this.out.emit('transfer', { xfer, name: tracked.name, bytes: tracked.bytes, size: tracked.size });
    }
  }
}
