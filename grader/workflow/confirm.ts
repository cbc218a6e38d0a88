// A yes/no question on the terminal. Without a terminal the answer is read as a line from standard
// input, so a script (or a test) can answer; no answer at all is a no.
import { createInterface } from 'node:readline';

export function askYesNo(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, output, terminal: false });
    let answered = false;
    output.write(question);
    lines.once('line', (line) => {
      answered = true;
      // A typed answer ends its own line; one read from a pipe does not.
      if (!(input as { isTTY?: boolean }).isTTY) output.write('\n');
      lines.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    lines.once('close', () => {
      if (!answered) {
        output.write('\n');
        resolve(false);
      }
    });
  });
}
