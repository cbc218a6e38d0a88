
// Building the page's elements. Every string goes in as text (textContent), never as markup, so a
// name, a message or a file name that looks like HTML is shown as the characters it is.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    // Event handlers are attached with addEventListener below, never as attributes.
    if (/^on/i.test(name)) throw new Error(`refusing to set the attribute ${name}`);
    element.setAttribute(name, value);
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener as EventListener);
  append(element, children);
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** Keeps a scrolled list pinned to its end while it grows, unless the reader scrolled up. */
export function keepAtEnd(list: HTMLElement, update: () => void): void {
  const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  update();
  if (atEnd) list.scrollTop = list.scrollHeight;
}
