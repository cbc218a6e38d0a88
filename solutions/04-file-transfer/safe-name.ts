// A name received from another peer becomes a plain file name inside the downloads folder, whatever
// it contains: never a path, never a device, never something that could climb out of the folder.
import { isSafeFileName } from '#kit/protocol/messages.ts';

// #region safe-name
// Windows device names: opening "CON" or "nul.txt" talks to a device, not a file.
const DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
const MAX_BYTES = 200; // room left for "-12345" and the temporary suffix

/** The safe form of a received name, or undefined when nothing usable is left (decline BAD_NAME). */
export function safeReceivedName(received: string): string | undefined {
  const lastPart = received.split(/[\\/]/).pop() ?? ''; // "../../etc/passwd" → "passwd", "C:\x" → "x"
  let name = lastPart
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '') // control characters, NUL included
    .replace(/[<>:"|?*]/g, '_') // characters some systems forbid
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '') // lone halves of characters: not valid text
    .replace(/^[. ]+|[. ]+$/g, ''); // ".", "..", hidden dot-files, trailing dots and spaces
  if (DEVICE.test(name)) name = `_${name}`;
  while (Buffer.byteLength(name) > MAX_BYTES) name = Array.from(name).slice(0, -1).join('');
  return name !== '' && isSafeFileName(name) ? name : undefined;
}
// #endregion safe-name
