// Which requests come from our own page. Any web site the user visits can make the browser try to open
// our WebSocket or post to our upload URL, and DNS rebinding can even make such a request look
// addressed to us. So a request is trusted only when its Host is a name that cannot be rebound (an IP
// literal, localhost, or the address we were told to bind) with our port, and its Origin is exactly
// that same http://host:port.
import { isIP } from 'node:net';

export interface OriginPolicy {
  /** The port the web server listens on. */
  port(): number;
  /** Host names accepted besides IP literals and localhost (the --ui-host given, if it is a name). */
  readonly names: readonly string[];
}

/** The host name and port of a Host header, or undefined when it is not one. */
function splitHost(header: string): { name: string; port: number } | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(header);
  if (!match?.[1]) return undefined;
  return { name: match[1].toLowerCase(), port: match[2] === undefined ? 80 : Number(match[2]) };
}

function isTrustedName(name: string, policy: OriginPolicy): boolean {
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return bare === 'localhost' || isIP(bare) !== 0 || policy.names.includes(name);
}

/** True when the Host header names this server in a way DNS rebinding cannot fake. */
export function isTrustedHost(host: string | undefined, policy: OriginPolicy): boolean {
  const parsed = host === undefined ? undefined : splitHost(host);
  return parsed !== undefined && parsed.port === policy.port() && isTrustedName(parsed.name, policy);
}

/** True when the request comes from a page this server served itself. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  return origin !== undefined && isTrustedHost(host, policy) && origin === `http://${host}`;
}

/** The names to accept for a bind address: a DNS name given with --ui-host is accepted as itself. */
export function policyFor(bindHost: string, port: () => number): OriginPolicy {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const names = isIP(bindHost) === 0 && !wildcard ? [bindHost.toLowerCase()] : [];
  return { port, names };
}
