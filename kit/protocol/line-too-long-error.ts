// Thrown by a line decoder when a line grows past the limit; shared so that every lab's decoder and
// the code that catches it agree on one type.
export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
  constructor(readonly limit: number) {
    super(`a line was longer than ${limit} bytes`);
  }
}
