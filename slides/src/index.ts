// What other parts of the kit use: the final app serves the decks, tests build them.
export { buildDecks, listDecks, renderDeck, type BuildOptions, type BuildResult, type BuiltDeck } from './build-decks.ts';
export { DeckBuildError, formatProblem, type DeckProblem } from './deck-problem.ts';
export { DECKS_DIR, DEFAULT_OUT_DIR } from './repo-paths.ts';
export { renderSequenceDiagram } from '#kit/diagrams/sequence-diagram.ts';
