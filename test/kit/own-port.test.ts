// Hand runs on a shared machine: every account gets a port of its own (kit/cli/own-port.ts).
import { expect, test } from 'vitest';
import { ownPort } from '#kit/cli/own-port.ts';

test('accounts with different user ids get different ports, below the ephemeral range', () => {
  const ports = Array.from({ length: 500 }, (_, i) => ownPort({ uid: 1000 + i, username: 'x' }).port);
  expect(new Set(ports).size).toBe(500);
  for (const port of ports) expect(port >= 1024 && port < 32_768).toBe(true);
  expect(ownPort({ uid: 1001, username: 'ada' })).toEqual({ port: ownPort({ uid: 1001, username: 'bob' }).port, from: 'user id 1001' });
});

test('without a numeric user id (Windows), the port comes from the user name, the same every time', () => {
  const ada = ownPort({ uid: -1, username: 'ada' });
  expect(ada).toEqual(ownPort({ uid: -1, username: 'ada' }));
  expect(ada.port).not.toBe(ownPort({ uid: -1, username: 'bob' }).port);
  expect(ada.port >= 1024 && ada.port < 32_768).toBe(true);
  expect(ada.from).toBe('user name ada');
});
