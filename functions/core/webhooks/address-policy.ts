/**
 * Which IP addresses a webhook may be delivered to (SSRF). Only global unicast addresses: never loopback,
 * RFC 1918 / ULA private space, link-local (169.254.169.254 and fd00:ec2::254 are the cloud's metadata
 * services), shared CGNAT space (100.100.100.200 is another cloud's metadata), multicast, documentation or
 * reserved ranges. IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that address, so no spelling of 127.0.0.1 passes.
 * Pure: parsing and range checks only; resolving names is the caller's (registration and again at connect
 * time against DNS rebinding).
 */

/** Why an address is refused; `PUBLIC` is the only deliverable class. */
export type AddressClass =
  | 'PUBLIC'
  | 'LOOPBACK'
  | 'PRIVATE'
  | 'LINK_LOCAL'
  | 'SHARED'
  | 'UNIQUE_LOCAL'
  | 'MULTICAST'
  | 'UNSPECIFIED'
  | 'RESERVED';

type Range = readonly [prefix: readonly number[], bits: number, kind: AddressClass];

const V4_RANGES: readonly Range[] = [
  [[0], 8, 'UNSPECIFIED'], // "this network"
  [[10], 8, 'PRIVATE'],
  [[100, 64], 10, 'SHARED'], // RFC 6598 carrier-grade NAT
  [[127], 8, 'LOOPBACK'],
  [[169, 254], 16, 'LINK_LOCAL'],
  [[172, 16], 12, 'PRIVATE'],
  [[192, 0, 0], 24, 'RESERVED'], // IETF protocol assignments
  [[192, 0, 2], 24, 'RESERVED'], // TEST-NET-1
  [[192, 88, 99], 24, 'RESERVED'], // 6to4 relay anycast
  [[192, 168], 16, 'PRIVATE'],
  [[198, 18], 15, 'RESERVED'], // benchmarking
  [[198, 51, 100], 24, 'RESERVED'], // TEST-NET-2
  [[203, 0, 113], 24, 'RESERVED'], // TEST-NET-3
  [[224], 4, 'MULTICAST'],
  [[240], 4, 'RESERVED'], // incl. 255.255.255.255
];

// IPv6 as 16 bytes. Only 2000::/3 (global unicast) can be PUBLIC; inside it these are not.
const V6_RANGES: readonly Range[] = [
  [[0x20, 0x01, 0x00], 23, 'RESERVED'], // 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID)
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'RESERVED'], // documentation
  [[0x3f, 0xff], 20, 'RESERVED'], // documentation (RFC 9637)
  [[0xfc], 7, 'UNIQUE_LOCAL'],
  [[0xfe, 0x80], 10, 'LINK_LOCAL'],
  [[0xfe, 0xc0], 10, 'LINK_LOCAL'], // deprecated site-local
  [[0xff], 8, 'MULTICAST'],
];

const inRange = (bytes: readonly number[], [prefix, bits]: Range): boolean => {
  for (let bit = 0; bit < bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
};

/** Strict dotted-quad IPv4 (four decimal parts 0–255, no leading zeros) → 4 bytes. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

/** IPv6 text (with `::`, an embedded dotted quad, optional brackets; no zone id) → 16 bytes. */
export function parseIpv6(text: string): number[] | undefined {
  let inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(inner)) return undefined;
  const lastColon = inner.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  if (inner.includes('.')) {
    // A trailing dotted quad stands for the last two groups.
    const v4 = parseIpv4(inner.slice(lastColon + 1));
    if (!v4) return undefined;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    inner = `${inner.slice(0, lastColon + 1)}${hex(v4[0] ?? 0, v4[1] ?? 0)}:${hex(v4[2] ?? 0, v4[3] ?? 0)}`;
  }
  const halves = inner.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0] ?? '');
  const right = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** The class of an IPv4 address given as 4 bytes. */
function classifyV4(bytes: readonly number[]): AddressClass {
  return V4_RANGES.find((r) => inRange(bytes, r))?.[2] ?? 'PUBLIC';
}

const isZero = (bytes: readonly number[]) => bytes.every((b) => b === 0);

/** The class of an IPv6 address given as 16 bytes (IPv4 carried inside judged as IPv4). */
function classifyV6(bytes: readonly number[]): AddressClass {
  const first10 = bytes.slice(0, 10);
  if (isZero(first10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyV4(bytes.slice(12)); // mapped
  if (isZero(bytes.slice(0, 12))) {
    if (isZero(bytes.slice(12, 15)) && bytes[15] === 1) return 'LOOPBACK'; // ::1
    if (isZero(bytes.slice(12))) return 'UNSPECIFIED'; // ::
    return classifyV4(bytes.slice(12)); // deprecated IPv4-compatible ::a.b.c.d
  }
  if (inRange(bytes, [[0x00, 0x64, 0xff, 0x9b], 32, 'RESERVED'])) {
    // NAT64: 64:ff9b::/96 carries the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is local use.
    return isZero(bytes.slice(4, 12)) ? classifyV4(bytes.slice(12)) : 'RESERVED';
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyV4(bytes.slice(2, 6)); // 6to4
  const listed = V6_RANGES.find((r) => inRange(bytes, r));
  if (listed) return listed[2];
  // Outside 2000::/3 nothing else is assigned for global unicast.
  return (bytes[0] ?? 0) >> 5 === 0b001 ? 'PUBLIC' : 'RESERVED';
}

/** The class of an IP address in text form; `undefined` when the text is not an IP address. */
export function classifyAddress(text: string): AddressClass | undefined {
  const v4 = parseIpv4(text);
  if (v4) return classifyV4(v4);
  const v6 = parseIpv6(text);
  return v6 ? classifyV6(v6) : undefined;
}

/** What the deployment allows besides public addresses. */
export interface AddressPolicy {
  /**
   * The local runtime's receivers live on this machine: loopback (127.0.0.0/8, ::1) is allowed, over plain
   * http too. Never set on AWS (the Lambda configuration has no way to set it).
   */
  allowLoopback: boolean;
}

/** The first refused address of a resolution, with its class; `undefined` when every one is allowed. */
export function refusedAddress(
  addresses: readonly string[],
  policy: AddressPolicy,
): { address: string; reason: AddressClass | 'NOT_AN_ADDRESS' } | undefined {
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'PUBLIC' || (kind === 'LOOPBACK' && policy.allowLoopback)) continue;
    return { address, reason: kind ?? 'NOT_AN_ADDRESS' };
  }
  return undefined;
}
