// One file on the move: which way, how far, and, once the receiver has hashed every byte, a verified
// mark with the SHA-256 both sides agree on.
import { h } from '../common/dom.ts';
import { bytes, shortHash } from '../common/format.ts';
import { RECEIVED_FILES_PATH, type TransferInfo } from '../../../shared/peer-page-messages.ts';

export function transferCard(transfer: TransferInfo, me: string): HTMLElement {
  const percent = transfer.size === 0 ? (transfer.state === 'verified' ? 100 : 0) : Math.min(100, Math.floor((transfer.bytes / transfer.size) * 100));
  const sending = transfer.direction === 'send';
  const who = sending ? `${me} → ${transfer.with}` : `${transfer.with} → ${me}`;
  const bar = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent) } }, h('div', { class: 'progress-fill' }));
  (bar.firstElementChild as HTMLElement).style.width = `${percent}%`;
  return h(
    'div',
    { class: `transfer ${transfer.state} ${sending ? 'outgoing' : 'incoming'}`, attrs: { 'data-xfer': transfer.xfer, 'data-state': transfer.state } },
    h('div', { class: 'transfer-icon', text: sending ? '↑' : '↓', attrs: { 'aria-hidden': 'true' } }),
    h(
      'div',
      { class: 'transfer-body' },
      h('div', { class: 'transfer-head' }, h('span', { class: 'transfer-name', text: transfer.name }), h('span', { class: 'transfer-size', text: bytes(transfer.size) })),
      bar,
      h('div', { class: 'transfer-foot' }, h('span', { class: 'transfer-who', text: who }), status(transfer, percent)),
      transfer.path ? h('div', { class: 'transfer-path', title: transfer.path }, `saved as ${baseName(transfer.path)} `, saveLink(transfer.path)) : null,
    ),
  );
}

function status(transfer: TransferInfo, percent: number): HTMLElement {
  if (transfer.state === 'verified') {
    return h('span', { class: 'verified', title: `SHA-256 ${transfer.sha256}`, attrs: { 'data-sha256': transfer.sha256 } }, h('span', { class: 'check', text: '✓' }), ` verified · SHA-256 ${shortHash(transfer.sha256)}`);
  }
  if (transfer.state === 'failed') return h('span', { class: 'failed-text', text: `✗ ${transfer.reason ?? 'failed'}` });
  if (transfer.state === 'offered') return h('span', { class: 'muted', text: transfer.direction === 'send' ? 'offered, waiting for accept…' : 'offered…' });
  return h('span', { class: 'muted', text: `${percent}% · ${bytes(transfer.bytes)}` });
}

/** The file name at the end of a path (the page shows where a file went, not the whole folder). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A link that hands a received file (by the path the peer saved it at) to the browser to save or open. */
export function saveLink(path: string): HTMLAnchorElement {
  const name = baseName(path);
  return h('a', { class: 'save-link', text: 'Save…', title: `Save or open ${name}`, attrs: { href: `${RECEIVED_FILES_PATH}${encodeURIComponent(name)}`, download: name } });
}
