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

/**
 * Runs part of a check whose failures deserve a hint of their own: the student is pointed at what
 * this part is about, not at the check's main idea. An inner, more precise hint wins.
 */
export async function withHint<T>(hint: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CheckFailure && error.failure.hint === undefined) error.failure.hint = hint;
    throw error;
  }
}
