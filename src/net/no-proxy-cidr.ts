/** `a.b.c.d` (each part 0–255) as 4 bytes, else `undefined`. */
function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.map(Number);
}

/** An IPv6 address (`::` shorthand, an IPv4 tail allowed, no brackets or zone) as 16 bytes, else `undefined`. */
function ipv6Bytes(text: string): number[] | undefined {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const words = half.split(':');
    for (const [index, word] of words.entries()) {
      if (index === words.length - 1 && word.includes('.')) {
        const v4 = ipv4Bytes(word);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(word)) out.push(Number.parseInt(word, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail].flatMap((word) => [word >> 8, word & 0xff]);
}

/** The address `text` as bytes (4 for IPv4, 16 for IPv6), or `undefined` when it is a name. */
export function ipBytes(text: string): number[] | undefined {
  return ipv4Bytes(text) ?? ipv6Bytes(text);
}

/**
 * Whether the `NO_PROXY` entry `entry` in CIDR notation (`10.0.0.0/8`, `fd00::/8`, `::1/128`)
 * contains the address `host` (bare: no brackets, lower case). curl's rule (7.86+,
 * `lib/noproxy.c`): only an IP address host matches, never a name (nothing is resolved); the
 * families must agree (an IPv4 range never matches an IPv6 address, IPv4-mapped included); a
 * prefix longer than the address (`/33` for IPv4, `/129` for IPv6) matches nothing; `/0` compares
 * the whole address, as if no prefix were given. Returns `undefined` when `entry` is no CIDR entry.
 */
export function cidrEntryMatches(entry: string, host: string): boolean | undefined {
  const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(entry);
  if (cidr === null) return undefined;
  const network = ipBytes(cidr[1] ?? '');
  if (network === undefined) return undefined;
  const address = ipBytes(host);
  if (address === undefined || address.length !== network.length) return false;
  const width = network.length * 8;
  let bits = Number(cidr[2]);
  if (bits > width) return false;
  if (bits === 0) bits = width;
  for (let i = 0; i < bits; i++) {
    const byte = Math.floor(i / 8);
    const mask = 0x80 >> (i % 8);
    if (((address[byte] ?? 0) & mask) !== ((network[byte] ?? 0) & mask)) return false;
  }
  return true;
}
