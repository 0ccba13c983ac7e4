/**
 * Structural inspection of an uploaded PDF: is it encrypted, can its page tree be read, how many pages.
 *
 * Policy (checked against the pyHanko corpus in test/unit/materials/pdf-corpus.test.ts):
 * - Accepted: anything a repairing viewer opens to the same pages — wrong or hopeless `startxref`,
 *   damaged xref tables, hybrid xref files, object streams, incremental updates, odd but legal syntax.
 *   Offsets are not trusted at all (see pdf-objects.ts), so a broken xref alone is never a reason to reject.
 * - ENCRYPTED_PDF: any trailer (classic or xref stream, any revision) with a non-null `/Encrypt`, whatever it
 *   holds — standard, public-key, or a malformed dictionary. The reviewer could not open it without a key,
 *   and a malformed one is either encrypted or broken; asking for an unencrypted copy fixes both.
 * - CORRUPT_FILE, where viewers fail or disagree about the pages, so a reviewer might not see what we count:
 *   no `%PDF-` header; no `%%EOF` in the last 1024 bytes (a truncated upload); no trailer with `/Root`;
 *   `/Root` not a dictionary (e.g. a reference to an object that does not exist, or that lives in an
 *   object stream whose header is broken or that does not decode); no page tree; a page tree node that
 *   is not a reference (ISO 32000-1 Table 29: Kids are indirect), appears twice (a cycle or a shared node),
 *   or has the wrong type; a root `/Count` that differs from the pages reachable (pdf.js trusts `/Count`,
 *   Poppler walks the tree); more work than the budget allows.
 */

import {
  DEFAULT_PDF_READ_LIMITS,
  PdfObjectIndex,
  type PdfReadLimits,
  type PdfStreamObject,
} from './pdf-objects.js';
import { Budget, PdfBudgetExceeded, PdfDict, PdfRef, type PdfValue } from './pdf-syntax.js';

/** What inspecting a PDF found: its page count, or why it cannot be accepted. */
export type PdfInspection =
  | { kind: 'readable'; pages: number }
  | { kind: 'encrypted' }
  | { kind: 'corrupt'; reason: string };

/** Pages beyond this are not counted: no material is that long, and the walk must stay bounded. */
const MAX_PAGE_TREE_NODES = 100_000;

class PageTreeError extends Error {}

/**
 * The inspection, and whenever the document's objects could be indexed (readable or not, unless encrypted)
 * the index and its stream objects, for the stream audit: a bomb is a bomb even where the page tree is broken.
 */
export interface PdfReading {
  inspection: PdfInspection;
  objects?: { index: PdfObjectIndex; streams: PdfStreamObject[] };
}

/**
 * Inspects PDF bytes within bounded time and memory; never throws for any input.
 * `limits` exist for tests; production uses the defaults.
 */
export function inspectPdf(
  bytes: Uint8Array,
  limits: PdfReadLimits = DEFAULT_PDF_READ_LIMITS,
): PdfInspection {
  return readPdf(bytes, limits).inspection;
}

/** `inspectPdf`, also returning the document's objects and streams (found within the same budget). */
export function readPdf(bytes: Uint8Array, limits: PdfReadLimits = DEFAULT_PDF_READ_LIMITS): PdfReading {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let objects: PdfReading['objects'];
  const corrupt = (reason: string): PdfReading => ({ inspection: { kind: 'corrupt', reason }, objects });
  if (!text.startsWith('%PDF-')) return corrupt('no %PDF- header');
  // Acrobat requires %%EOF within the last 1024 bytes (PDF Reference 1.7, implementation note 18); without
  // it the upload was almost certainly cut off in transfer, even if what arrived still parses.
  const eof = text.lastIndexOf('%%EOF');
  if (eof < 0 || eof < text.length - 1024) return corrupt('truncated: no %%EOF');
  try {
    const index = new PdfObjectIndex(text, new Budget(limits.workUnits), limits);
    if (index.trailers.some((t) => (t.dict.get('Encrypt') ?? null) !== null)) {
      return { inspection: { kind: 'encrypted' } };
    }
    objects = { index, streams: index.streamObjects() };
    const catalog = findCatalog(index);
    if (catalog === undefined) return corrupt('no trailer with a readable /Root catalog');
    return { inspection: { kind: 'readable', pages: countPages(index, catalog) }, objects };
  } catch (error) {
    if (error instanceof PageTreeError) return corrupt(error.message);
    if (error instanceof PdfBudgetExceeded) return corrupt('too costly to read');
    // Hostile input must get an answer, not a 500: anything else (e.g. a RangeError) also means unreadable.
    return corrupt(`unreadable (${error instanceof Error ? error.name : 'error'})`);
  }
}

/** The catalog of the newest revision: the last trailer (in file order) that names a /Root dictionary. */
function findCatalog(index: PdfObjectIndex): PdfDict | undefined {
  for (let i = index.trailers.length - 1; i >= 0; i -= 1) {
    const root = index.trailers[i]?.dict.get('Root');
    if (root === undefined) continue;
    const catalog = index.resolve(root);
    return catalog instanceof PdfDict ? catalog : undefined;
  }
  return undefined;
}

/** Counts the leaf /Page objects reachable from the catalog's /Pages, checking the tree is a tree. */
function countPages(index: PdfObjectIndex, catalog: PdfDict): number {
  const rootRef = catalog.get('Pages');
  const root = index.resolve(rootRef);
  if (!(root instanceof PdfDict) || nodeKind(index, root) !== 'pages') {
    throw new PageTreeError('catalog has no /Pages tree');
  }
  const visited = new Set<string>(rootRef instanceof PdfRef ? [rootRef.key] : []);
  const stack: PdfDict[] = [root];
  let pages = 0;
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (nodeKind(index, node) === 'page') {
      pages += 1;
      continue;
    }
    const kids = index.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) throw new PageTreeError('page tree node without /Kids array');
    // Reverse keeps document order on the stack (not needed for counting, but cheap and less surprising).
    for (const kid of [...kids].reverse()) stack.push(childNode(index, kid, visited));
  }
  const declared = index.resolve(root.get('Count'));
  if (declared !== pages) throw new PageTreeError(`/Count ${String(declared)} but ${pages} pages reachable`);
  return pages;
}

function childNode(index: PdfObjectIndex, kid: PdfValue, visited: Set<string>): PdfDict {
  if (!(kid instanceof PdfRef)) throw new PageTreeError('page tree kid is not an indirect reference');
  if (visited.has(kid.key)) throw new PageTreeError(`page tree node ${kid.key} R reached twice`);
  visited.add(kid.key);
  if (visited.size > MAX_PAGE_TREE_NODES) throw new PageTreeError('page tree too large');
  const node = index.get(kid);
  if (!(node instanceof PdfDict)) throw new PageTreeError(`page tree kid ${kid.key} R is not a dictionary`);
  return node;
}

/**
 * `/Type` decides; without one, a node with /Kids is an intermediate node and anything else a page —
 * the reading pdf.js and Poppler apply to producers that omit the (required) type.
 */
function nodeKind(index: PdfObjectIndex, node: PdfDict): 'page' | 'pages' {
  const type = node.name('Type');
  if (type === 'Page') return 'page';
  if (type === 'Pages') return 'pages';
  if (type === undefined) return Array.isArray(index.resolve(node.get('Kids'))) ? 'pages' : 'page';
  throw new PageTreeError(`page tree node of type /${type}`);
}
