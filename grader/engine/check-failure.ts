// How a check says "this is wrong": what it expected, what it got, and why that matters.
import type { Failure } from './types.ts';

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  constructor(readonly failure: Failure) {
    super(`expected ${failure.expected}, got ${failure.got}`);
  }
}

export function fail(failure: Failure): never {
  throw new CheckFailure(failure);
}
