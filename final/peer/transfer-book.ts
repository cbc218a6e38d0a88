// Every file moving in or out of this peer, followed on the wire: the offer names it, accept starts
// it, the data frames move it, and file_ok (with the SHA-256 the receiver computed) proves it arrived
// intact. Following the wire rather than the app's events sees all of it, uploads served to others
// included, and ties each transfer to its connection, so the page can put it in the right chat.
import { EventEmitter } from 'node:events';
import type { ConnectionInfo, Direction, TransferInfo } from '../shared/peer-page-messages.ts';
import type { ConnectionBook } from './connection-book.ts';

const PROGRESS_EVERY_MS = 200;
const TRANSFERS_KEPT = 200;

type Fields = Record<string, unknown>;

export class TransferBook extends EventEmitter<{ transfer: [TransferInfo] }> {
  private readonly transfers = new Map<string, TransferInfo>();
  private readonly lastShown = new Map<string, number>();

  constructor(connections: ConnectionBook) {
    super();
    connections.on('line', (conn, dir, fields) => this.line(conn, dir, fields));
    connections.on('bytes', (conn, _dir, xfer, bytes) => this.moved(conn, xfer, bytes));
    connections.on('closed', (conn) => this.connectionClosed(conn));
  }

  list(): TransferInfo[] {
    return [...this.transfers.values()];
  }

  /** The app saved a received file: show where (the name may have been made safe). */
  saved(sha256: string, size: number, path: string): void {
    const match = [...this.transfers.values()].reverse().find((t) => t.direction === 'receive' && t.sha256 === sha256 && t.size === size && t.path === undefined && t.state === 'verified');
    if (match) this.update(match, { path });
  }

  private line(conn: ConnectionInfo, dir: Direction, fields: Fields): void {
    const xfer = typeof fields.xfer === 'string' ? fields.xfer : undefined;
    if (!xfer || conn.kind === 'tracker') return;
    if (fields.type === 'offer') return this.offered(conn, dir, xfer, fields);
    const transfer = this.transfers.get(`${conn.id}/${xfer}`);
    if (!transfer || transfer.state === 'verified' || transfer.state === 'failed') return;
    if (fields.type === 'accept') this.update(transfer, { state: 'moving' });
    else if (fields.type === 'file_ok') this.update(transfer, { state: 'verified', ...(typeof fields.sha256 === 'string' ? { sha256: fields.sha256 } : {}) });
    else if (fields.type === 'decline' || fields.type === 'cancel') this.update(transfer, { state: 'failed', reason: String(fields.reason ?? fields.type) });
    else if (fields.type === 'file_bad') this.update(transfer, { state: 'failed', reason: String(fields.code ?? 'file_bad') });
  }

  private offered(conn: ConnectionInfo, dir: Direction, xfer: string, fields: Fields): void {
    const kind = conn.kind === 'download' || conn.kind === 'upload' ? conn.kind : 'session';
    const transfer: TransferInfo = {
      xfer,
      conn: conn.id,
      kind,
      direction: dir === 'out' ? 'send' : 'receive',
      with: conn.peer,
      ...(conn.session ? { session: conn.session } : {}),
      name: String(fields.name ?? ''),
      size: typeof fields.size === 'number' ? fields.size : 0,
      sha256: String(fields.sha256 ?? ''),
      bytes: 0,
      // On a download connection the data follows the offer without an accept.
      state: kind === 'session' ? 'offered' : 'moving',
    };
    this.transfers.set(`${conn.id}/${xfer}`, transfer);
    if (this.transfers.size > TRANSFERS_KEPT) this.transfers.delete(this.transfers.keys().next().value as string);
    this.emit('transfer', transfer);
  }

  private moved(conn: ConnectionInfo, xfer: string, bytes: number): void {
    const transfer = this.transfers.get(`${conn.id}/${xfer}`);
    if (!transfer || transfer.state === 'failed') return;
    transfer.bytes += bytes;
    const key = `${conn.id}/${xfer}`;
    const now = Date.now();
    if (transfer.bytes < transfer.size && now - (this.lastShown.get(key) ?? 0) < PROGRESS_EVERY_MS) return;
    this.lastShown.set(key, now);
    this.update(transfer, { state: transfer.state === 'offered' ? 'moving' : transfer.state });
  }

  private connectionClosed(conn: ConnectionInfo): void {
    for (const transfer of this.transfers.values()) {
      if (transfer.conn === conn.id && (transfer.state === 'offered' || transfer.state === 'moving')) this.update(transfer, { state: 'failed', reason: 'connection closed' });
      this.lastShown.delete(`${conn.id}/${transfer.xfer}`);
    }
  }

  private update(transfer: TransferInfo, change: Partial<TransferInfo>): void {
    Object.assign(transfer, change);
    this.emit('transfer', { ...transfer });
  }
}
