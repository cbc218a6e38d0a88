// The presenter window and the projected window show the same deck; whichever one moves tells the
// other. postMessage works between windows opened from file:// pages, where storage events do not.
import { page, type WindowLike } from './dom.ts';

const KIND = 'sharing-is-caring/slide';

interface SlideMessage {
  kind: typeof KIND;
  deck: string;
  index: number;
}

export class WindowSync {
  private presenter: WindowLike | null = null;

  constructor(
    private readonly deck: string,
    onRemoteMove: (index: number) => void,
  ) {
    page.addEventListener('message', (event) => {
      const message = event.data as Partial<SlideMessage> | null;
      if (message?.kind === KIND && message.deck === this.deck && typeof message.index === 'number') onRemoteMove(message.index);
    });
  }

  /** Opens (or focuses) the presenter window for this deck, showing slide `index`. */
  openPresenter(index: number): void {
    const url = `${page.location.href.replace(/[?#].*$/, '')}?presenter#${index + 1}`;
    this.presenter = page.open(url, `presenter-${this.deck}`, 'popup,width=1280,height=800');
    this.presenter?.focus();
  }

  /** Tells the other window that this one now shows slide `index`. */
  announce(index: number): void {
    const message: SlideMessage = { kind: KIND, deck: this.deck, index };
    for (const other of [this.presenter, page.opener]) {
      if (other && !other.closed) other.postMessage(message, '*');
    }
  }
}
