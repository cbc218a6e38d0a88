// A part of the final app that stopped at a step of a lab that is not written yet. The app runs on the
// labs that package.json's `#labs/*` points at: the references in the full kit, the student's own labs
// in the student edition, where a starter's unfinished method throws "TODO (README step N): …". The
// terminal, the dashboard and the peer's page all say it the same way, from here.

// A type, not an interface: it travels as the fields of an event (a plain record).
export type LabNeed = {
  /** The lab, as its folder starts: "02". */
  lab: string;
  /** The README step that writes what is missing. */
  step: number;
  /** What the step would have done here, as the starter says it ("open data/demo/tracker.db"). */
  todo: string;
  /** The lab file that stopped, from the kit's root: "labs/02-tracker-auth/database.ts". */
  file: string;
  /** What of the app waits for it ("the tracker", "logging in"), when known. */
  part?: string;
};

/** "the tracker needs Lab 02, step 7: open data/demo/tracker.db (labs/02-tracker-auth/database.ts)". */
export function needText(need: LabNeed): string {
  return `${need.part ?? 'the app'} needs Lab ${need.lab}, step ${need.step}: ${need.todo} (${need.file})`;
}

/** One need per lab file and step: the same unfinished step seen again (for another user, say) is not news. */
export function sameNeed(a: LabNeed, b: LabNeed): boolean {
  return a.lab === b.lab && a.step === b.step && a.file === b.file;
}
