// The failing check of each lab whose HTML report is held against the golden outline, and the mutant
// of the reference that fails it.
export interface Fixture {
  lab: string;
  check: string;
  mutant: string;
}

export const FIXTURES: Fixture[] = [
  { lab: '01', check: 'framing.split', mutant: 'one-message-per-chunk' },
  { lab: '02', check: 'robust.bad-field', mutant: 'field-not-named' },
  { lab: '03', check: 'sessions.close', mutant: 'close-tells-nobody' },
  { lab: '04', check: 'gbn.go-back', mutant: 'never-retransmits' },
  { lab: '05', check: 'peer.close', mutant: 'sent-lines-not-kept' },
];
