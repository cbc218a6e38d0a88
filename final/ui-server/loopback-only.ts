// A page bound to a loopback address is for this machine only. The operating system normally sees to
// that, but port forwarding (a container's published port, `route_localnet`, a proxy that keeps the
// client's address) can hand a loopback listener a connection from elsewhere; the page has no login of
// its own, so such a connection is closed before a byte is read.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (::ffff:127.0.0.1). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIPv4(bare)) return LOOPBACK.check(bare, 'ipv4');
  return isIPv6(bare) && LOOPBACK.check(bare, 'ipv6');
}

/**
 * Whether a server listening on `boundAddress` serves a connection from `remoteAddress`: from anywhere
 * when bound to a wildcard or a network address (chosen with --ui-host), from loopback only when bound
 * to loopback.
 */
export function admitsRemote(boundAddress: string, remoteAddress: string | undefined): boolean {
  return !isLoopbackAddress(boundAddress) || isLoopbackAddress(remoteAddress);
}
