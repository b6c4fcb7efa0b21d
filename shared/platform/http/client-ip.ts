/**
 * The client address. Azure's front end (App Service / Functions) appends the address it saw
 * to X-Forwarded-For, so the rightmost entry is the one a client cannot forge; entries to its
 * left are whatever the client sent. Ports (IPv4 "1.2.3.4:5678", IPv6 "[::1]:5678") are dropped.
 */
export function clientIpFrom(forwardedFor: string | null | undefined): string {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const last = hops.at(-1);
  if (!last) return 'unknown';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(last);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(last);
  return ipv4WithPort ? ipv4WithPort[1]! : last;
}
