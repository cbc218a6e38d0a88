// Room codes (kit/protocol/room-code.ts): made up at random in the documented form, and matched the
// way people type them.
import { describe, expect, it } from 'vitest';
import { ROOM_CODE_PATTERN } from '#kit/protocol/limits.ts';
import { newRoomCode, roomCodeKey } from '#kit/protocol/room-code.ts';

describe('room codes', () => {
  it('are made up in the documented form, all different', () => {
    const codes = Array.from({ length: 2000 }, newRoomCode);
    for (const code of codes) expect(code).toMatch(ROOM_CODE_PATTERN);
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up: 60 bits really are spread over the 12 characters.
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
  });

  it('match whatever a person types: case, dashes, spaces, O for 0, I and L for 1', () => {
    const key = roomCodeKey('k7qm-3xpd-9f1a');
    expect(key).toBe('k7qm3xpd9f1a');
    for (const typed of ['K7QM-3XPD-9F1A', 'k7qm 3xpd 9f1a', ' k7qm3xpd9f1a ', 'k7qm-3xpd-9fla', 'K7QM-3XPD-9FIA', 'k7qm-3xpd-9f1a\t']) {
      expect(roomCodeKey(typed), typed).toBe(key);
    }
    expect(roomCodeKey('k7qm-3xpd-9f0a')).toBe(roomCodeKey('k7qm-3xpd-9foa'));
  });

  it('are no code at all when they cannot be one', () => {
    for (const typed of ['', 'k7qm-3xpd', 'k7qm-3xpd-9f1a-x', 'k7qm-3xpd-9fua', '🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂']) expect(roomCodeKey(typed), typed).toBeUndefined();
  });
});
