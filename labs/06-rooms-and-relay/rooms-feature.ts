// Lab 06 starter: rooms on the tracker (docs/PROTOCOL.md §3.5), a feature like Lab 04's file index:
// it answers room_create, room_join, room_leave and room_say, and hears when a member leaves.
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';

/** The rooms feature; `tracker.options.roomRate` is the per-user message rate (--room-rate). */
export function roomsFeature(): FeatureFactory {
  return () => {
    throw new Error('TODO (README step 1): the rooms feature: requests, pushes to members, leaving');
  };
}
