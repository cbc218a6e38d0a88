// Lab 04 starter: a received name becomes a safe file name (README step 2).

/**
 * The safe form of a received name, or undefined when nothing usable is left (then decline with
 * BAD_NAME). Never a path ("../x", "/etc/x", "C:\\x"), no control characters, no "." or "..", no
 * Windows device names (CON, NUL, …). The kit's isSafeFileName is a good final check.
 */
export function safeReceivedName(received: string): string | undefined {
  throw new Error(`TODO (README step 2): make ${JSON.stringify(received)} safe`);
}
