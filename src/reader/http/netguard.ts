/** blockPrivateNetworks: refuse feed URLs that resolve to loopback, private, link-local or metadata addresses. */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, including cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8],
  ["fd00:ec2::254", 128], // AWS metadata over IPv6
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** True when `ip` is an address a shared server must not let contributors reach. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  return blocked.check(ip, "ipv6");
}

/** The reason a URL's host is refused before connecting (IP literals never go through DNS), or null. */
export function blockedHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) && isPrivateAddress(host)) return `${host} is a private or loopback address`;
  return null;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `net.connect` lookup that fails for private addresses, so DNS answers cannot smuggle them in. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(
        `${hostname} resolves to ${bad.address}, a private or loopback address`,
      );
      e.code = "EBLOCKED";
      return callback(e, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
