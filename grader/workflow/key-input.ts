// Single-key commands for watch mode. On a terminal each key acts at once (raw mode, so Ctrl+C
// arrives as a key and watch mode can stop what it started); without one, as in a test or a pipe,
// each line is a command, so the same mode can be driven by writing "h\n" or "q\n".
import { createInterface } from 'node:readline';

export type KeyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Calls onKey with each key (lower case; "\u0003" is Ctrl+C); returns a function that stops listening. */
export function listenForKeys(input: KeyInput, onKey: (key: string) => void): () => void {
  if (input.isTTY && input.setRawMode) {
    const setRawMode = input.setRawMode.bind(input);
    setRawMode(true);
    input.resume();
    const onData = (data: Buffer | string) => {
      for (const key of data.toString()) onKey(key.toLowerCase());
    };
    input.on('data', onData);
    return () => {
      input.off('data', onData);
      setRawMode(false);
      input.pause();
    };
  }
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const key = line.trim().toLowerCase()[0];
    if (key) onKey(key);
  });
  return () => lines.close();
}
