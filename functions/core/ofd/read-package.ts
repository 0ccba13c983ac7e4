/**
 * Reading an untrusted OFD package: the zip with hard limits (entry count, each entry's and the total
 * uncompressed size, compression ratio — zip bombs), entry names that stay inside the package (no
 * traversal, no absolute or drive paths, no backslashes) and appear once; XML without a DTD (no entity
 * expansion, no external entities) through xml-reader.ts.
 */

import { crc32, inflateRawSync } from 'node:zlib';
import { readXml, type XmlNode } from './xml-reader.js';

/** Limits of `readOfdPackage`. Our licences are ~10 entries and ~300 KB uncompressed. */
export interface PackageLimits {
  /** @default 256 */
  maxEntries: number;
  /** @default 8 MiB */
  maxEntryBytes: number;
  /** @default 32 MiB */
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries over 64 KiB. @default 200 */
  maxRatio: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 256,
  maxEntryBytes: 8 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxRatio: 200,
};

/** The package cannot be read safely; `code` says why. */
export class OfdPackageError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'OfdPackageError';
  }
}

const SAFE_NAME = /^[A-Za-z0-9_.\- \u4e00-\u9fff]+$/;

/** True for a relative path of plain segments (no `..`, `.`, empty segment, backslash or colon). */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 512) return false;
  const segments = name.split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..' && SAFE_NAME.test(s));
}

const malformedZip = () =>
  new OfdPackageError('OFD_ZIP_MALFORMED', 'OFD 包结构损坏', 'The OFD zip is malformed');

/** One central-directory entry (PKWARE APPNOTE 4.3.12). */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory's entries, read from the end record; no zip64, no multi-disk. */
function centralDirectory(zip: Buffer, maxEntries: number): ZipEntry[] {
  const minEnd = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let at = zip.length - 22; at >= minEnd; at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw malformedZip();
  const count = zip.readUInt16LE(end + 10);
  // One disk: disk numbers 0 and the entries of this disk all the entries (a reader using either count agrees).
  if (zip.readUInt32LE(end + 4) !== 0 || zip.readUInt16LE(end + 8) !== count) throw malformedZip();
  let at = zip.readUInt32LE(end + 16);
  if (count > maxEntries)
    throw new OfdPackageError(
      'OFD_TOO_MANY_ENTRIES',
      'OFD 包内文件过多',
      'The OFD package has too many entries',
    );
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== 0x02014b50) throw malformedZip();
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (next > end) throw malformedZip();
    entries.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at = next;
  }
  return entries;
}

/**
 * The files of a package by name (directories left out), within `limits`; throws `OfdPackageError`. Sizes are
 * checked as declared first, then as they are: inflating stops at the declared size (zlib `maxOutputLength`),
 * so a member that lies about its size costs no more than the size it declared, and its CRC-32 must match.
 */
export function readOfdPackage(
  bytes: Uint8Array,
  limits: PackageLimits = DEFAULT_PACKAGE_LIMITS,
): Map<string, Uint8Array> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (code: string, zh: string, en: string): never => {
    throw new OfdPackageError(code, zh, en);
  };
  const out = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of centralDirectory(zip, limits.maxEntries)) {
    if (entry.name.endsWith('/') && entry.size === 0) continue;
    if (!isSafeEntryName(entry.name))
      refuse('OFD_UNSAFE_ENTRY_NAME', 'OFD 包内文件名不安全', 'Unsafe entry name in the OFD package');
    if (out.has(entry.name))
      refuse('OFD_DUPLICATE_ENTRY', 'OFD 包内有重名文件', `Duplicate entry ${entry.name} in the OFD package`);
    total += entry.size;
    if (entry.size > limits.maxEntryBytes || total > limits.maxTotalBytes)
      refuse('OFD_TOO_LARGE', 'OFD 包解压后过大', 'The OFD package is too large uncompressed');
    if (entry.size > 65536 && entry.size > entry.compressedSize * limits.maxRatio)
      refuse('OFD_COMPRESSION_RATIO', 'OFD 包压缩比异常', 'Suspicious compression ratio in the OFD package');
    // Encrypted members, unknown methods and stored members whose sizes differ are not an OFD we read.
    if (entry.flags & 1 || (entry.method !== 0 && entry.method !== 8)) throw malformedZip();
    if (entry.method === 0 && entry.compressedSize !== entry.size) throw malformedZip();
    const local = entry.localOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw malformedZip();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + entry.compressedSize > zip.length) throw malformedZip();
    const data = zip.subarray(start, start + entry.compressedSize);
    let content: Buffer;
    try {
      content =
        entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch {
      throw malformedZip();
    }
    if (content.length !== entry.size || crc32(content) !== entry.crc) throw malformedZip();
    out.set(entry.name, new Uint8Array(content));
  }
  return out;
}

/** Parses one XML file; throws `OfdPackageError` for a DTD, a processing trick or malformed XML. */
export function parseOfdXml(bytes: Uint8Array, name: string): XmlNode {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // No DTD at all: no entity can be declared, so none can expand (billion laughs) or fetch (XXE).
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new OfdPackageError('OFD_XML_DTD', 'OFD 的 XML 含有 DTD', `${name} has a DTD`);
  try {
    return readXml(text);
  } catch {
    throw new OfdPackageError('OFD_XML_MALFORMED', 'OFD 的 XML 格式错误', `${name} is not well-formed XML`);
  }
}

/** The first child element `name` of `node`. */
export function child(node: unknown, name: string): XmlNode | undefined {
  const value = (node as XmlNode | undefined)?.[name];
  return Array.isArray(value) ? (value[0] as XmlNode | undefined) : undefined;
}

/** All child elements `name` of `node`. */
export function children(node: unknown, name: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/** The text of an element. */
export function textOf(node: unknown): string {
  const text = (node as XmlNode | undefined)?.['#text'];
  return typeof text === 'string' ? text : '';
}

/** An attribute's value. */
export const attr = (node: unknown, name: string): string | undefined => {
  const value = (node as XmlNode | undefined)?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
};

/**
 * A BaseLoc/FileRef resolved to a package entry name: absolute (`/Doc_0/…`) from the root, otherwise
 * relative to the directory of the file that names it. `undefined` if it leaves the package.
 */
export function resolveLoc(loc: string, from: string): string | undefined {
  const base = loc.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of loc.replace(/^\/+/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (base.length === 0) return undefined;
      base.pop();
    } else base.push(segment);
  }
  const name = base.join('/');
  return isSafeEntryName(name) ? name : undefined;
}

export type { XmlNode };
