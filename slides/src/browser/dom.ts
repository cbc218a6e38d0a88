// The slice of the browser's API the deck player uses, typed here because the project compiles for
// Node (no DOM library in tsconfig) and adding it would change the types of every Node file.

export interface StyleDeclaration {
  setProperty(name: string, value: string): void;
  removeProperty(name: string): string;
}

export interface ClassList {
  add(...names: string[]): void;
  remove(...names: string[]): void;
  toggle(name: string, force?: boolean): boolean;
  contains(name: string): boolean;
}

export interface HtmlElement {
  readonly classList: ClassList;
  readonly style: StyleDeclaration;
  readonly dataset: Record<string, string | undefined>;
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly scrollWidth: number;
  readonly scrollHeight: number;
  hidden: boolean;
  innerHTML: string;
  textContent: string | null;
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  cloneNode(deep: boolean): HtmlElement;
  replaceChildren(...nodes: HtmlElement[]): void;
  append(...nodes: (HtmlElement | string)[]): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  requestFullscreen?(): Promise<void>;
}

export interface KeyEvent {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly target: { tagName?: string; isContentEditable?: boolean } | null;
  preventDefault(): void;
}

export interface TouchEventLike {
  readonly changedTouches: ArrayLike<{ clientX: number; clientY: number }>;
}

export interface MessageEventLike {
  readonly data: unknown;
}

export interface WindowLike {
  postMessage(message: unknown, targetOrigin: string): void;
  readonly closed: boolean;
  focus(): void;
}

export interface BrowserPage {
  readonly document: {
    readonly body: HtmlElement;
    readonly documentElement: HtmlElement;
    readonly fullscreenElement: unknown;
    exitFullscreen(): Promise<void>;
    createElement(tag: string): HtmlElement;
    getElementById(id: string): HtmlElement | null;
    querySelector(selector: string): HtmlElement | null;
    querySelectorAll(selector: string): ArrayLike<HtmlElement>;
    title: string;
  };
  readonly location: { readonly hash: string; readonly href: string; readonly search: string };
  readonly history: { replaceState(state: unknown, unused: string, url: string): void };
  readonly innerWidth: number;
  readonly innerHeight: number;
  readonly opener: WindowLike | null;
  open(url: string, target: string, features?: string): WindowLike | null;
  addEventListener(type: 'keydown', listener: (event: KeyEvent) => void): void;
  addEventListener(type: 'touchstart' | 'touchend', listener: (event: TouchEventLike) => void, options?: { passive: boolean }): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'resize' | 'hashchange' | 'beforeprint' | 'afterprint' | 'load', listener: () => void): void;
  setInterval(handler: () => void, ms: number): number;
  requestAnimationFrame(callback: () => void): number;
}

/** The page the script runs in. */
export const page = globalThis as unknown as BrowserPage;
