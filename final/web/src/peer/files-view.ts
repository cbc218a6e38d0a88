// Files: what this peer shares (its --shared folder, announced to the tracker's index), a search of
// who shares a file, and downloads, showing each holder tried in turn and any failover.
import { byId, fill, h } from '../common/dom.ts';
import { bytes, shortHash } from '../common/format.ts';
import type { Download, PeerStore } from './peer-store.ts';
import { baseName, saveLink, transferCard } from './transfer-card.ts';

export interface FileActions {
  search(names: string[]): void;
  get(names: string[]): void;
  share(): void;
}

export class FilesView {
  private readonly root = byId('files');
  private readonly mine = h('div', { class: 'my-files' });
  private readonly results = h('div', { class: 'search-results', attrs: { id: 'search-results' } });
  private readonly downloads = h('div', { class: 'downloads', attrs: { id: 'downloads' } });
  private readonly query = h('input', { attrs: { id: 'search-input', type: 'search', placeholder: 'file name', 'aria-label': 'File names to find (several: separate with commas)', title: 'Several names: separate them with commas', autocomplete: 'off', spellcheck: 'false' } });

  constructor(
    private readonly store: PeerStore,
    private readonly actions: FileActions,
  ) {
    const form = h(
      'form',
      { class: 'search', on: { submit: (event) => {
        event.preventDefault();
        const names = splitNames(this.query.value);
        if (names.length) this.actions.search(names);
      } } },
      this.query,
      h('button', { class: 'button', text: 'Find', attrs: { type: 'submit' } }),
    );
    fill(
      this.root,
      h('h2', {}, 'Shared files ', h('button', { class: 'button ghost small', text: 'Share again', title: 'Read the folder again and tell the tracker (/share)', attrs: { type: 'button' }, on: { click: () => this.actions.share() } })),
      this.mine,
      h('h2', { text: 'Find and download' }),
      form,
      this.results,
      this.downloads,
    );
  }

  render(): void {
    this.renderMine();
    this.renderResults();
  }

  renderDownloads(): void {
    const downloads = [...this.store.downloads.values()].reverse().slice(0, 6);
    fill(this.downloads, ...(downloads.length ? [h('h3', { text: 'Downloads' }), ...downloads.map((d) => this.download(d))] : []));
  }

  private renderMine(): void {
    const { myFiles, sharedFolder } = this.store;
    if (!sharedFolder) return fill(this.mine, h('p', { class: 'muted', text: 'Not sharing a folder (start the peer with --shared DIR).' }));
    fill(
      this.mine,
      h('p', { class: 'muted small-text', text: `From ${sharedFolder}: anyone online can download these.` }),
      myFiles.length
        ? h('ul', { class: 'file-list' }, ...myFiles.map((file) => h('li', { title: `SHA-256 ${file.sha256}` }, h('span', { class: 'file-name', text: file.name }), h('span', { class: 'file-size', text: bytes(file.size) }))))
        : h('p', { class: 'muted', text: 'The folder is empty.' }),
    );
  }

  private renderResults(): void {
    const search = this.store.search;
    if (!search) return fill(this.results);
    fill(
      this.results,
      ...search.files.map((file) => {
        if (!file.holders) return h('div', { class: 'result missing' }, h('span', { class: 'file-name', text: file.name }), h('span', { class: 'muted', text: file.error === 'NO_SUCH_FILE' ? 'nobody else shares it' : 'not a valid file name' }));
        return h(
          'div',
          { class: 'result', attrs: { 'data-file': file.name } },
          h('div', { class: 'result-head' }, h('span', { class: 'file-name', text: file.name }), h('button', { class: 'button primary small', text: 'Download', attrs: { type: 'button' }, on: { click: () => this.actions.get([file.name]) } })),
          h('ul', { class: 'holders' }, ...file.holders.map((holder, index) => h('li', {}, h('span', { class: 'holder-rank', text: String(index + 1) }), h('span', { class: 'holder-name', text: holder.username }), h('span', { class: 'muted', text: `${bytes(holder.size)} · ${shortHash(holder.sha256)}` })))),
        );
      }),
    );
  }

  private download(download: Download): HTMLElement {
    const current = [...this.store.transfers.values()].reverse().find((t) => t.kind === 'download' && t.name === download.name && t.state === 'moving');
    const latest = current ?? [...this.store.transfers.values()].reverse().find((t) => t.kind === 'download' && t.name === download.name);
    const tries = download.attempts.map((attempt) => h('li', { class: attempt.ok ? 'ok' : 'bad' }, h('span', { class: 'mark', text: attempt.ok ? '✓' : '✗' }), h('span', { text: attempt.ok ? `from ${attempt.from}` : `${attempt.from}: ${attempt.reason ?? 'failed'}` })));
    const failedOver = download.attempts.some((a) => !a.ok) && download.attempts.some((a) => a.ok);
    return h(
      'div',
      { class: `download${download.savedAs ? ' done' : download.error ? ' failed' : ''}`, attrs: { 'data-file': download.name } },
      h('div', { class: 'download-head' }, h('span', { class: 'file-name', text: download.name }), failedOver ? h('span', { class: 'pill warn', text: 'failover' }) : null),
      tries.length ? h('ol', { class: 'attempts' }, ...tries) : h('p', { class: 'muted', text: 'asking the tracker who has it…' }),
      !download.savedAs && current ? transferCard(current, this.store.login.me ?? '') : null,
      download.savedAs ? h('div', { class: 'verified', title: `${download.savedAs}\nSHA-256 ${download.sha256 ?? ''}` }, h('span', { class: 'check', text: '✓' }), ` verified · saved as ${baseName(download.savedAs)} `, saveLink(download.savedAs)) : null,
      download.error && !download.savedAs ? h('div', { class: 'failed-text', text: download.error }) : null,
      !current && !download.savedAs && !download.error && latest?.state === 'failed' ? h('div', { class: 'muted', text: `last try: ${latest.reason ?? 'failed'}` }) : null,
    );
  }
}

export function splitNames(text: string): string[] {
  return [...new Set(text.split(',').map((name) => name.trim()).filter(Boolean))];
}
