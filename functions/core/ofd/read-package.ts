/**
 * Reading an untrusted OFD package: the zip with hard limits (entry count, each entry's and the total
 * uncompressed size, compression ratio — zip bombs), entry names that stay inside the package (no
 * traversal, no absolute or drive paths, no backslashes) and appear once; XML without a DTD (no entity
 * expansion, no external entities) through xml-reader.ts.
 */

import { unzipSync } from 'fflate';
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

/** The files of a package by name (directories left out), within `limits`; throws `OfdPackageError`. */
export function readOfdPackage(
  bytes: Uint8Array,
  limits: PackageLimits = DEFAULT_PACKAGE_LIMITS,
): Map<string, Uint8Array> {
  const seen = new Set<string>();
  let entries = 0;
  let total = 0;
  const refuse = (code: string, zh: string, en: string): never => {
    throw new OfdPackageError(code, zh, en);
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        if (entries > limits.maxEntries)
          refuse('OFD_TOO_MANY_ENTRIES', 'OFD 包内文件过多', 'The OFD package has too many entries');
        if (file.name.endsWith('/') && file.originalSize === 0) return false;
        if (!isSafeEntryName(file.name))
          refuse('OFD_UNSAFE_ENTRY_NAME', 'OFD 包内文件名不安全', `Unsafe entry name in the OFD package`);
        if (seen.has(file.name))
          refuse(
            'OFD_DUPLICATE_ENTRY',
            'OFD 包内有重名文件',
            `Duplicate entry ${file.name} in the OFD package`,
          );
        seen.add(file.name);
        total += file.originalSize;
        if (file.originalSize > limits.maxEntryBytes || total > limits.maxTotalBytes)
          refuse('OFD_TOO_LARGE', 'OFD 包解压后过大', 'The OFD package is too large uncompressed');
        if (file.originalSize > 65536 && file.originalSize > file.size * limits.maxRatio)
          refuse(
            'OFD_COMPRESSION_RATIO',
            'OFD 包压缩比异常',
            'Suspicious compression ratio in the OFD package',
          );
        if (file.compression === 0 && file.size !== file.originalSize)
          refuse('OFD_ZIP_MALFORMED', 'OFD 包结构损坏', 'The OFD zip is malformed');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof OfdPackageError) throw error;
    throw new OfdPackageError('OFD_ZIP_MALFORMED', 'OFD 包结构损坏', 'The OFD zip is malformed');
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) out.set(name, data);
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
