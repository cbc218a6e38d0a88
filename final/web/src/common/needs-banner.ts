// The unfinished lab steps a program met, in a band under the top bar: on a student's labs, what each
// part of the page waits for. Hidden while there are none (always, on the reference solutions).
import { sameNeed, type LabNeed } from '../../../shared/lab-need.ts';
import { fill, h } from './dom.ts';

export function renderNeeds(band: HTMLElement, needs: readonly LabNeed[], whose: string): void {
  band.hidden = needs.length === 0;
  if (needs.length === 0) return band.replaceChildren();
  fill(
    band,
    h('strong', { text: `${whose} runs your own labs, and some steps are not written yet:` }),
    h('ul', {}, ...needs.map((need) => h('li', {}, h('b', { text: `Lab ${need.lab}, step ${need.step}` }), ` for ${need.part ?? 'this part'}: ${need.todo} `, h('span', { class: 'mono', text: need.file })))),
    h('span', { class: 'muted', text: 'Finish a step, check it with npm run grade, then start the app again.' }),
  );
}

/** Adds a need to a list unless the list has it already. */
export function withNeed(needs: readonly LabNeed[], need: LabNeed): LabNeed[] {
  return needs.some((known) => sameNeed(known, need)) ? [...needs] : [...needs, need];
}
