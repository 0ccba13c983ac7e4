/**
 * The OFD package (GB/T 33190-2016): the entry file OFD.xml (DocBody: DocInfo with CustomDatas, DocRoot,
 * Signatures), the document (CommonData with the page area and the public resources), one page, and the
 * deterministic zip. Equal input gives equal bytes: fixed entry order, fixed entry times, no random IDs.
 */
import { zipSync } from 'fflate';
import { num, xmlEscape } from './content-xml.js';

/** The OFD namespace (GB/T 33190 §7.1). */
export const OFD_NS = 'http://www.ofdspec.org/2016';
export const DOC_ROOT = 'Doc_0/Document.xml';
export const PAGE_PATH = 'Doc_0/Pages/Page_0/Content.xml';
export const SIGNATURES_PATH = 'Doc_0/Signs/Signatures.xml';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const utf8 = new TextEncoder();

/** One named value of DocInfo/CustomDatas. */
export interface CustomData {
  name: string;
  value: string;
}

/** What the package around one page holds. */
export interface OfdDocument {
  /** DocInfo/DocID: 32 characters (GB/T 33190 §7.4 Table 4). */
  docId: string;
  title: string;
  author: string;
  /** xs:date, e.g. 2026-12-06. */
  creationDate: string;
  customDatas: CustomData[];
  /** Page size in millimetres. */
  pageMm: [number, number];
  /** Font resources: ID and name (no FontFile: the text is drawn as outlines, see glyphs.ts). */
  fonts: { id: number; name: string }[];
  pageId: number;
  layerId: number;
  /** The page's objects (content-xml.ts). */
  objects: string;
  maxUnitId: number;
  /** Whether OFD.xml names a Signatures file (a sealed licence) or not (the seal's own picture). */
  signed: boolean;
}

/** The package's files by path (no leading slash), in zip order. */
export type OfdFiles = Map<string, Uint8Array>;

function ofdXml(doc: OfdDocument): string {
  const custom = doc.customDatas
    .map((c) => `<ofd:CustomData Name="${xmlEscape(c.name)}">${xmlEscape(c.value)}</ofd:CustomData>`)
    .join('');
  return (
    `${XML_DECL}<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>` +
    `<ofd:DocID>${xmlEscape(doc.docId)}</ofd:DocID><ofd:Title>${xmlEscape(doc.title)}</ofd:Title>` +
    `<ofd:Author>${xmlEscape(doc.author)}</ofd:Author><ofd:CreationDate>${doc.creationDate}</ofd:CreationDate>` +
    '<ofd:Creator>Zhengzhao</ofd:Creator><ofd:CreatorVersion>1.0</ofd:CreatorVersion>' +
    (custom ? `<ofd:CustomDatas>${custom}</ofd:CustomDatas>` : '') +
    `</ofd:DocInfo><ofd:DocRoot>${DOC_ROOT}</ofd:DocRoot>` +
    (doc.signed ? `<ofd:Signatures>${SIGNATURES_PATH}</ofd:Signatures>` : '') +
    '</ofd:DocBody></ofd:OFD>'
  );
}

function documentXml(doc: OfdDocument): string {
  const [w, h] = doc.pageMm;
  return (
    `${XML_DECL}<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${doc.maxUnitId}</ofd:MaxUnitID>` +
    `<ofd:PageArea><ofd:PhysicalBox>0 0 ${num(w)} ${num(h)}</ofd:PhysicalBox></ofd:PageArea>` +
    '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>' +
    `<ofd:Pages><ofd:Page ID="${doc.pageId}" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`
  );
}

function publicResXml(doc: OfdDocument): string {
  const fonts = doc.fonts
    .map((f) => `<ofd:Font ID="${f.id}" FontName="${xmlEscape(f.name)}" FamilyName="${xmlEscape(f.name)}"/>`)
    .join('');
  return `${XML_DECL}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts>${fonts}</ofd:Fonts></ofd:Res>`;
}

function contentXml(doc: OfdDocument): string {
  return (
    `${XML_DECL}<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Content><ofd:Layer ID="${doc.layerId}">` +
    `${doc.objects}</ofd:Layer></ofd:Content></ofd:Page>`
  );
}

/** The unsigned package's files. */
export function ofdFiles(doc: OfdDocument): OfdFiles {
  return new Map([
    ['OFD.xml', utf8.encode(ofdXml(doc))],
    [DOC_ROOT, utf8.encode(documentXml(doc))],
    ['Doc_0/PublicRes.xml', utf8.encode(publicResXml(doc))],
    [PAGE_PATH, utf8.encode(contentXml(doc))],
  ]);
}

/**
 * The zip. Entry times are `at`'s wall-clock time in Shanghai written as DOS local time whatever the
 * process's time zone (fflate reads a Date's local fields), so the bytes do not depend on where this runs.
 */
export function zipOfd(files: OfdFiles, at: Date): Uint8Array {
  const shanghai = new Date(at.getTime() + 8 * 3600_000);
  const mtime = new Date(
    shanghai.getUTCFullYear(),
    shanghai.getUTCMonth(),
    shanghai.getUTCDate(),
    shanghai.getUTCHours(),
    shanghai.getUTCMinutes(),
    shanghai.getUTCSeconds(),
  );
  const entries: Record<string, [Uint8Array, { level: 0 | 6; mtime: Date }]> = {};
  for (const [path, bytes] of files) {
    // Already-compressed DER gains nothing from deflate; XML shrinks five- to tenfold.
    entries[path] = [bytes, { level: path.endsWith('.xml') ? 6 : 0, mtime }];
  }
  return zipSync(entries);
}
