// Lab 03 starter: who is online, and presence (README steps 1 and 2).
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from './session-table.ts';

export function rosterFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    // TODO (step 1): answer `list` with a roster of tracker.online, oldest login first, with
    //   since (ISO time) and busy (sessions.isBusy): at most ROSTER_PAGE users from the request's
    //   `offset` (absent: 0), and `total`, how many are online.
    // TODO (step 2): joined(peer) / left(peer): push presence to every other online peer.
    void [tracker, sessions];
    return {};
  };
}
