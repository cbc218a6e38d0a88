// The deck player: one slide at a time, scaled to the window, moved by the keyboard (or a swipe),
// with speaker notes and a presenter window. Everything it needs is in the page; nothing loads.
import { page, type HtmlElement } from './dom.ts';
import { fitSlides } from './fit.ts';
import { actionForKey, KEY_HELP, slideFromHash, targetSlide } from './keys.ts';
import { WindowSync } from './window-sync.ts';

const SLIDE_WIDTH = 1280;
const SLIDE_HEIGHT = 720;

const doc = page.document;
const slides = Array.from(doc.querySelectorAll('.stage > .slide'));
const byId = (id: string) => doc.getElementById(id);
const stage = byId('stage');
const viewport = byId('viewport');
const notesPanel = byId('notes-panel');
const help = byId('help');
const isPresenter = /(^\?|&)presenter\b/.test(page.location.search);
const deckId = doc.body.dataset.deck ?? 'deck';
let current = -1;
let typedNumber = '';

const sync = new WindowSync(deckId, (index) => show(index, false));

function show(index: number, announce = true): void {
  const target = Math.min(Math.max(index, 0), slides.length - 1);
  if (target === current || target < 0) return;
  slides[current]?.classList.remove('current');
  current = target;
  const slide = slides[current]!;
  slide.classList.add('current');
  doc.body.dataset.slide = String(current + 1);
  page.history.replaceState(null, '', `#${current + 1}`);
  const counter = byId('slide-counter');
  if (counter) counter.textContent = `${current + 1} / ${slides.length}`;
  const progress = byId('progress');
  progress?.style.setProperty('--progress', String(slides.length > 1 ? current / (slides.length - 1) : 1));
  showNotes(slide);
  if (isPresenter) showUpcoming();
  if (announce) sync.announce(current);
}

function showNotes(slide: HtmlElement): void {
  const notes = slide.querySelector('.notes')?.innerHTML.trim();
  const html = notes || '<p class="no-notes">No notes for this slide.</p>';
  const target = isPresenter ? byId('presenter-notes') : notesPanel?.querySelector('.notes-content');
  if (target) target.innerHTML = html;
}

function showUpcoming(): void {
  const nextStage = byId('next-stage');
  const next = slides[current + 1];
  if (!nextStage) return;
  if (!next) {
    nextStage.innerHTML = '<div class="end-of-deck">End of the deck</div>';
    return;
  }
  const copy = next.cloneNode(true);
  copy.classList.add('current');
  nextStage.replaceChildren(copy);
}

/** Scales the 1280×720 stage to the largest size that fits its container. */
function scaleStage(element: HtmlElement | null, container: HtmlElement | null): void {
  if (!element || !container) return;
  const scale = Math.min(container.clientWidth / SLIDE_WIDTH, container.clientHeight / SLIDE_HEIGHT);
  element.style.setProperty('--scale', String(Math.max(scale, 0.05)));
}

function layout(): void {
  scaleStage(stage, viewport);
  if (isPresenter) scaleStage(byId('next-stage'), byId('presenter-next'));
}

function toggle(panel: HtmlElement | null, force?: boolean): void {
  if (panel) panel.hidden = force === undefined ? !panel.hidden : !force;
}

function toggleFullscreen(): void {
  if (doc.fullscreenElement) void doc.exitFullscreen();
  else void doc.documentElement.requestFullscreen?.();
}

page.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return; // leave browser shortcuts alone
  if (/^\d$/.test(event.key)) {
    typedNumber = (typedNumber + event.key).slice(-4);
    return;
  }
  if (event.key === 'Enter' && typedNumber !== '') {
    event.preventDefault();
    show(Number(typedNumber) - 1);
    typedNumber = '';
    return;
  }
  typedNumber = '';
  const action = actionForKey(event.key, event.shiftKey);
  if (!action) return;
  event.preventDefault();
  if (action === 'notes') return toggle(isPresenter ? null : notesPanel);
  if (action === 'help') return toggle(help);
  if (action === 'close') return (toggle(notesPanel, false), toggle(help, false));
  if (action === 'fullscreen') return toggleFullscreen();
  if (action === 'presenter') return isPresenter ? undefined : sync.openPresenter(current);
  show(targetSlide(action, current, slides.length));
});

// A swipe on a touch screen or tablet: left for the next slide, right for the previous one.
let touchStartX: number | undefined;
page.addEventListener('touchstart', (event) => void (touchStartX = event.changedTouches[0]?.clientX), { passive: true });
page.addEventListener('touchend', (event) => {
  const endX = event.changedTouches[0]?.clientX;
  if (touchStartX === undefined || endX === undefined || Math.abs(endX - touchStartX) < 50) return;
  show(current + (endX < touchStartX ? 1 : -1));
}, { passive: true });

page.addEventListener('hashchange', () => {
  const index = slideFromHash(page.location.hash, slides.length);
  if (index !== undefined) show(index);
});
page.addEventListener('resize', layout);
page.addEventListener('beforeprint', () => fitSlides(slides));

function fillHelp(): void {
  const list = help?.querySelector('.help-keys');
  if (!list) return;
  list.innerHTML = KEY_HELP.map(([keys, does]) => `<dt>${keys}</dt><dd>${does}</dd>`).join('');
}

function startClock(): void {
  const clock = byId('presenter-clock');
  const started = Date.now();
  const tick = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    if (clock) clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };
  tick();
  page.setInterval(tick, 1000);
}

if (isPresenter) {
  doc.body.classList.add('presenter-view');
  const side = byId('presenter-side');
  if (side) side.hidden = false;
  doc.title = `Presenter · ${doc.title}`;
  startClock();
}
fillHelp();
// 'ready' switches the page from "every slide, one under the other" to the stage: measure after it.
doc.body.classList.add('ready');
fitSlides(slides);
layout();
show(slideFromHash(page.location.hash, slides.length) ?? 0, false);
