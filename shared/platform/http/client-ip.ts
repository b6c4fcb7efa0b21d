import { isIP } from 'node:net';

/** What the address needs from a request: its headers (HttpRequest.headers and Headers fit). */
export interface RequestHeaders {
  get(name: string): string | null;
}

/**
 * The client address, for rate limits, address blocks and the audit trail.
 *
 * Through Azure Front Door (the request carries `X-Azure-FDID` equal to our profile's id): the
 * address in `X-Azure-SocketIP`, the peer of the TCP connection Front Door accepted. Not
 * `X-Azure-ClientIP`, which Front Door derives from a client-sent `X-Forwarded-For` and so is
 * whatever the caller claims; and not our rightmost `X-Forwarded-For`, which behind Front Door is
 * the Front Door edge that connected to us, shared by many clients.
 *
 * Otherwise (no Front Door configured, or a request that did not come through ours): the peer
 * the platform's front end saw, which it appends as the rightmost `X-Forwarded-For` entry (the
 * local host does the same with its socket's peer). Entries to its left, and any `X-Azure-*`
 * header on such a request, are whatever the caller sent and are ignored.
 */
export function clientIpFrom(headers: RequestHeaders, frontDoorId?: string): string {
  if (frontDoorId && cameThroughFrontDoor(headers.get('x-azure-fdid'), frontDoorId)) {
    const socket = withoutPort(headers.get('x-azure-socketip')?.trim() ?? '');
    if (isIP(socket)) return socket;
  }
  return peerFromForwardedFor(headers.get('x-forwarded-for'));
}

function cameThroughFrontDoor(header: string | null, frontDoorId: string): boolean {
  return header !== null && header.trim().toLowerCase() === frontDoorId.toLowerCase();
}

function peerFromForwardedFor(forwardedFor: string | null): string {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const last = hops.at(-1);
  return last ? withoutPort(last) : 'unknown';
}

/** Ports are dropped: IPv4 "1.2.3.4:5678", IPv6 "[::1]:5678". */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return ipv4WithPort ? ipv4WithPort[1]! : hop;
}
