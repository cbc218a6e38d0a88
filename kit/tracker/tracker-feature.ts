// How later labs add to the tracker without copying it: the Lab 02 tracker serves login and the
// connection; each later lab contributes a feature (roster, file index, session log) that answers
// some requests once a peer is logged in and hears when peers come and go.
import type Database from 'better-sqlite3';
import type { Output } from '../cli/output.ts';
import type { WireErrorCode } from '../protocol/errors.ts';
import type { TrackerServerEvents } from '../protocol/events.ts';
import type { PeerToTrackerMessage, TrackerToPeerMessage } from '../protocol/messages.ts';
import type { TrackerOptions } from '../programs/tracker-command.ts';

/** A logged-in peer, as features see it. */
export interface OnlinePeer {
  readonly username: string;
  /** The peer's address as the tracker saw it (IPv4-mapped IPv6 reduced to IPv4). */
  readonly host: string;
  /** The port the peer said it listens on for direct connections. */
  readonly port: number;
  readonly since: Date;
  /** Pushes a message to the peer (presence, incoming, session_ended). */
  push(message: TrackerToPeerMessage): void;
  /** Ends the peer's connection from the tracker's side. */
  disconnect(): void;
  /**
   * Bytes written to the peer's connection that it has not taken yet (Lab 06 removes a room member
   * that lets them pile up). A connection that cannot tell leaves it out.
   */
  readonly unsentBytes?: number;
}

export type LeaveReason = 'logout' | 'lost';

type RequestOf<T extends PeerToTrackerMessage['type']> = Extract<PeerToTrackerMessage, { type: T }>;
export type RequestHandler<T extends PeerToTrackerMessage['type']> = (
  peer: OnlinePeer,
  request: RequestOf<T>,
) => TrackerToPeerMessage | Promise<TrackerToPeerMessage>;

export interface TrackerFeature {
  /** Requests this feature answers for logged-in peers; the connection adds the request's id. */
  readonly requests?: { [T in PeerToTrackerMessage['type']]?: RequestHandler<T> };
  /** A peer logged in (after its welcome was sent). */
  joined?(peer: OnlinePeer): void;
  /** A peer left: it logged out, or its connection closed or went silent. */
  left?(peer: OnlinePeer, reason: LeaveReason): void;
  /** The tracker is shutting down. */
  close?(): void;
}

/** What a feature can use of the tracker. */
export interface TrackerHandle {
  readonly online: ReadonlyMap<string, OnlinePeer>;
  readonly db: Database.Database;
  readonly options: TrackerOptions;
  readonly out: Output<TrackerServerEvents>;
}

export type FeatureFactory = (tracker: TrackerHandle) => TrackerFeature;

/** Thrown by a request handler to answer with a protocol error instead of a reply. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: WireErrorCode,
    message: string,
    readonly extra: { retry_after_ms?: number; attempts_left?: number; field?: string } = {},
  ) {
    super(message);
  }
}
