// The features later labs add (Lab 03's roster, Lab 04's files, Lab 05's log, Lab 06's rooms and relay), each kept to itself: a
// feature that meets an unfinished step reports the need and does nothing more, so a student who has
// finished Lab 03 but not Lab 04 still chats in the app, and sees what the file part waits for.
// A tracker request that meets one is answered with an error naming the need, so the asking peer
// sees it too. Errors that are not needs pass through unchanged.
import type { PeerFeature, PeerFeatureFactory, PeerLink } from '#kit/peer/peer-feature.ts';
import { RequestError, type FeatureFactory, type TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import { needText } from '../shared/lab-need.ts';
import type { NeedBoard } from './need-board.ts';
import { needOfError } from './need-of-error.ts';

type AnyFunction = (...args: never[]) => unknown;

/** `fn`, except that an unfinished step it meets (thrown or rejected) is reported and then `onNeed` runs. */
function shielded<F extends AnyFunction>(fn: F, board: NeedBoard, part: string, onNeed: (args: Parameters<F>, error: Error) => unknown = () => undefined): F {
  const caught = (args: Parameters<F>, error: unknown) => {
    if (!board.reportError(error, part)) throw error;
    return onNeed(args, error as Error);
  };
  return ((...args: Parameters<F>) => {
    try {
      const result = fn(...args);
      return result instanceof Promise ? result.catch((error: unknown) => caught(args, error)) : result;
    } catch (error) {
      return caught(args, error);
    }
  }) as F;
}

function shieldAll<T extends object>(handlers: T | undefined, shield: (fn: AnyFunction) => AnyFunction): T | undefined {
  if (!handlers) return undefined;
  // Each value is a handler of its own key's type; shielding keeps its signature.
  return Object.fromEntries(Object.entries(handlers).map(([key, fn]) => [key, shield((fn as AnyFunction).bind(handlers))])) as T;
}

function guardTrackerFeature(make: FeatureFactory, board: NeedBoard, part: string): FeatureFactory {
  const absent = (): TrackerFeature => ({});
  return shielded((tracker: Parameters<FeatureFactory>[0]): TrackerFeature => {
    const feature = make(tracker);
    const hook = <F extends AnyFunction>(fn: F | undefined) => fn && shielded(fn.bind(feature) as F, board, part);
    const answer = (fn: AnyFunction) =>
      shielded(fn, board, part, (_args, error) => {
        const need = needOfError(error, part);
        throw new RequestError('INTERNAL', need ? needText(need) : error.message);
      });
    return {
      ...(feature.requests ? { requests: shieldAll(feature.requests, answer) } : {}),
      ...(feature.joined ? { joined: hook(feature.joined) } : {}),
      ...(feature.left ? { left: hook(feature.left) } : {}),
      ...(feature.close ? { close: hook(feature.close) } : {}),
    };
  }, board, part, absent);
}

function guardPeerFeature(make: PeerFeatureFactory, board: NeedBoard, part: string): PeerFeatureFactory {
  const absent = (): PeerFeature => ({});
  return shielded((peer: Parameters<PeerFeatureFactory>[0]): PeerFeature => {
    const feature = make(peer);
    const hook = <F extends AnyFunction>(fn: F | undefined) => fn && shielded(fn.bind(feature) as F, board, part);
    const quiet = (fn: AnyFunction) => shielded(fn, board, part);
    // A connection whose first message a feature could not take has nobody to answer it: close it.
    const closing = (fn: AnyFunction) => shielded(fn, board, part, ([link]) => (link as unknown as PeerLink).close());
    return {
      ...(feature.help ? { help: feature.help } : {}),
      ...(feature.commands ? { commands: shieldAll(feature.commands, quiet) } : {}),
      ...(feature.sessionMessages ? { sessionMessages: shieldAll(feature.sessionMessages, quiet) } : {}),
      ...(feature.firstMessages ? { firstMessages: shieldAll(feature.firstMessages, closing) } : {}),
      ...(feature.sessionData ? { sessionData: hook(feature.sessionData) } : {}),
      ...(feature.loggedIn ? { loggedIn: hook(feature.loggedIn) } : {}),
      ...(feature.sessionStarted ? { sessionStarted: hook(feature.sessionStarted) } : {}),
      ...(feature.sessionEnded ? { sessionEnded: hook(feature.sessionEnded) } : {}),
      ...(feature.chatSent ? { chatSent: hook(feature.chatSent) } : {}),
      ...(feature.chatReceived ? { chatReceived: hook(feature.chatReceived) } : {}),
      // A relay that cannot be reached yet is no way through: the /connect fails as it would without one.
      ...(feature.reach ? { reach: hook(feature.reach) } : {}),
    };
  }, board, part, absent);
}

/** A lab's tracker features, each kept to itself; none when making them meets an unfinished step. */
export function guardedTrackerFeatures(board: NeedBoard, part: string, make: () => FeatureFactory[]): FeatureFactory[] {
  return shielded(make, board, part, () => [])().map((feature) => guardTrackerFeature(feature, board, part));
}

/** A lab's peer features, each kept to itself; none when making them meets an unfinished step. */
export function guardedPeerFeatures(board: NeedBoard, part: string, make: () => PeerFeatureFactory[]): PeerFeatureFactory[] {
  return shielded(make, board, part, () => [])().map((feature) => guardPeerFeature(feature, board, part));
}
