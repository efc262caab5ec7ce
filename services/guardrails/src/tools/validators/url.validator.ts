import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (A and AAAA). */
export type Resolver = (host: string) => Promise<string[]>;

export const dnsResolver =
  (timeoutMs: number): Resolver =>
  async (host) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`DNS lookup of ${host} took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      return found.map((a) => a.address);
    } finally {
      clearTimeout(timer);
    }
  };

export interface UrlCheckOptions {
  schemes: readonly string[];
  allowPrivate: boolean;
  hostMatchers?: readonly ((host: string) => boolean)[];
}

/** Instance metadata endpoints of the clouds: never reachable, private addresses allowed or not. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '169.254.169.253', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254', 'fd00:ec2::23']);
const METADATA_HOSTS = /^(metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal|metadata\.azure\.com|metadata\.platformequinix\.com)\.?$/i;
const PRIVATE_RANGES = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

/** Why an address must not be called, or undefined when it is a public unicast address. */
export function blockedAddress(address: string, allowPrivate: boolean): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const inner = blockedAddress(embedded.toString(), allowPrivate);
    if (inner) return inner;
  }
  const canonical = ip.toString();
  if (METADATA_ADDRESSES.has(canonical) || (embedded && METADATA_ADDRESSES.has(embedded.toString()))) return `${canonical} is a cloud metadata address`;
  const range = ip.range();
  if (range === 'unicast' || (embedded && ['ipv4Mapped', 'rfc6052', '6to4', 'teredo', 'rfc6145'].includes(range))) return undefined;
  if (allowPrivate && PRIVATE_RANGES.has(range)) return undefined;
  return `${canonical} is a ${range} address`;
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16) or SIIT address. */
function embeddedIPv4(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (ip.kind() !== 'ipv6') return undefined;
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const range = v6.range();
  const p = v6.parts;
  if (range === 'rfc6052' || range === 'rfc6145') return ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4;
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  return undefined;
}

/**
 * Problems with a URL an agent wants its tool to fetch (SSRF). The WHATWG parser canonicalises the
 * host first — decimal (2130706433), octal (0177.0.0.1), hex (0x7f.1) and short forms of IPv4 all
 * become dotted quads — and every address a host name resolves to must be public. The caller
 * should connect to one of those addresses (DNS rebinding), which is what a checked fetcher does.
 */
export async function checkUrl(value: string, options: UrlCheckOptions, resolve: Resolver): Promise<string[]> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ['is not an absolute URL'];
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!options.schemes.includes(scheme)) return [`uses the ${scheme} scheme; allowed: ${options.schemes.join(', ')}`];
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!host) return ['has no host'];
  if (options.hostMatchers && !options.hostMatchers.some((m) => m(host))) return [`calls ${host}, which is not an allowed host`];
  if (METADATA_HOSTS.test(host)) return [`calls ${host}, a cloud metadata host`];
  if (ipaddr.isValid(host)) {
    const why = blockedAddress(host, options.allowPrivate);
    return why ? [`calls ${why}`] : [];
  }
  if (/(^|\.)localhost$/i.test(host) && !options.allowPrivate) return [`calls ${host}, a loopback name`];
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (e) {
    return [`host ${host} cannot be resolved (${(e as Error).message}); refused rather than guessed`];
  }
  if (addresses.length === 0) return [`host ${host} resolves to no address`];
  const problems = addresses.map((a) => blockedAddress(a, options.allowPrivate)).filter((p): p is string => p !== undefined);
  return problems.length ? [`host ${host} resolves to ${problems.join('; ')}`] : [];
}
