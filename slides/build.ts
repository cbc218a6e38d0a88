// npm run slides [-- --out DIR] [--decks DIR]: builds every deck into self-contained HTML pages.
// A marker that does not resolve fails the build (exit code 1), naming the deck, the line and the marker.
import { relative } from 'node:path';
import { buildDecks, DeckBuildError, DECKS_DIR, DEFAULT_OUT_DIR } from './src/index.ts';

const USAGE = 'usage: npm run slides [-- --out DIR] [--decks DIR]';

function parseArgs(args: readonly string[]): { outDir: string; decksDir: string } {
  const options = { outDir: DEFAULT_OUT_DIR, decksDir: DECKS_DIR };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if ((flag !== '--out' && flag !== '--decks') || value === undefined) {
      console.error(`unexpected arguments: ${args.slice(i).join(' ')}\n${USAGE}`);
      process.exit(2);
    }
    if (flag === '--out') options.outDir = value;
    else options.decksDir = value;
  }
  return options;
}

const started = performance.now();
try {
  const result = await buildDecks(parseArgs(process.argv.slice(2)));
  const where = relative(process.cwd(), result.outDir) || '.';
  for (const deck of result.decks) console.log(`  ${deck.id}.html  ${deck.slides} slides  ${deck.title}`);
  const ms = Math.round(performance.now() - started);
  console.log(`built ${result.decks.length} decks and ${result.diagrams.length} diagrams into ${where}/ in ${ms} ms; open ${where}/index.html`);
} catch (error) {
  if (!(error instanceof DeckBuildError)) throw error;
  console.error(error.message);
  process.exit(1);
}
