// The failing check of each lab (two for Lab 04: one against the grader, one end to end) whose HTML report is held against the golden outline, and the mutant
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
  // End to end: the student's sender and receiver through the lossy relay, which records the datagrams.
  { lab: '04', check: 'gbn.lossy', mutant: 'gbn-ack-must-be-next' },
  { lab: '05', check: 'peer.close', mutant: 'sent-lines-not-kept' },
];
