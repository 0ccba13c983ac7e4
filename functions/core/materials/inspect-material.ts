/**
 * Instant validation of one uploaded material against its `MaterialRule`: the upstream system learns at once
 * what is wrong and what the applicant should do. Duplicates across a case and conditional "required" rules
 * are the case service's concern (it uses `materialProblems.duplicateMaterial` / `.materialMissing`).
 */
import type { MaterialRule, MediaType } from '../catalogue/types.js';
import type { Problem } from '../problem.js';
import { hiddenContentProblems } from './hidden-content-problems.js';
import { type ImageInspection, inspectJpeg, inspectPng, MAX_IMAGE_PIXELS } from './image-inspect.js';
import { auditPdfStreams } from './pdf-decompression.js';
import { type PdfReading, readPdf } from './pdf-inspect.js';
import { materialProblems } from './problems.js';
import {
  describeContent,
  fileExtension,
  mediaTypeOfExtension,
  normaliseDeclaredType,
  sniffMediaType,
} from './sniff.js';

export { sniffMediaType } from './sniff.js';

/** One upload as it arrives: raw bytes, the declared `Content-Type`, and the file name when known. */
export interface MaterialUpload {
  bytes: Uint8Array;
  declaredType: string;
  fileName?: string;
}

/** The verdict on one upload. */
export interface MaterialInspection {
  /** What the bytes really are (sniffed), undefined if not a PDF, JPEG or PNG. */
  mediaType: MediaType | undefined;
  /** Empty means acceptable. */
  problems: Problem[];
  facts: { pages?: number; width?: number; height?: number };
}

type Facts = MaterialInspection['facts'];

const MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * Inspects one upload. Cheap checks on type and size always run and are reported together; the content
 * is parsed only when it is a type the rule allows and within the size limit, so oversized or unexpected
 * content never reaches a decoder. Never throws for any bytes; time and memory are bounded.
 * Async so that a later implementation may yield or offload decoding without changing callers.
 */
export async function inspectMaterial(
  upload: MaterialUpload,
  rule: MaterialRule,
): Promise<MaterialInspection> {
  const { bytes } = upload;
  if (bytes.length === 0) {
    return { mediaType: undefined, problems: [materialProblems.emptyFile()], facts: {} };
  }
  const mediaType = sniffMediaType(bytes);
  const problems = surfaceProblems(upload, rule, mediaType);
  const facts: Facts = {};
  if (mediaType !== undefined && rule.mediaTypes.includes(mediaType) && bytes.length <= rule.maxBytes) {
    const hidden = hiddenContentProblems(bytes, mediaType);
    // An archive or executable inside is reason enough, and its content is hostile: not decoded further.
    if (hidden.some((p) => p.code !== 'TRAILING_DATA')) problems.push(...hidden);
    else {
      problems.push(
        ...hidden,
        ...(mediaType === 'application/pdf'
          ? await pdfProblems(bytes, rule, facts)
          : imageProblems(bytes, mediaType, rule, facts)),
      );
    }
  }
  return { mediaType, problems, facts };
}

/** Problems visible without parsing: size, declared type, magic bytes, file name. */
function surfaceProblems(
  upload: MaterialUpload,
  rule: MaterialRule,
  sniffed: MediaType | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const declared = normaliseDeclaredType(upload.declaredType);
  if (upload.bytes.length > rule.maxBytes) {
    problems.push(materialProblems.tooLarge(upload.bytes.length, rule.maxBytes));
  }
  if (!(rule.mediaTypes as readonly string[]).includes(declared)) {
    problems.push(materialProblems.unsupportedMediaType(declared, rule.mediaTypes));
  }
  // An unrecognised declaration over unrecognised content says nothing about agreement: the
  // UNSUPPORTED_MEDIA_TYPE above already tells the applicant what to send.
  if (sniffed !== declared && (sniffed !== undefined || MEDIA_TYPES.includes(declared))) {
    problems.push(materialProblems.contentTypeMismatch(declared, describeContent(upload.bytes)));
  }
  const extensionProblem = checkExtension(upload.fileName, sniffed ?? declared);
  if (extensionProblem) problems.push(extensionProblem);
  return problems;
}

/**
 * The extension must name the type the file really is (or, when the content is not recognised, the declared
 * type). A name without extension has nothing to disagree with; an unknown one (`.exe`, `.docx`) disagrees.
 */
function checkExtension(fileName: string | undefined, expected: string): Problem | undefined {
  if (fileName === undefined) return undefined;
  const extension = fileExtension(fileName);
  if (extension === undefined) return undefined;
  if (mediaTypeOfExtension(extension) === expected) return undefined;
  return materialProblems.extensionMismatch(fileName, expected);
}

async function pdfProblems(bytes: Uint8Array, rule: MaterialRule, facts: Facts): Promise<Problem[]> {
  const { inspection: result, objects } = readPdf(bytes);
  // What decoding the streams shows is the more specific reason, also for a document that is broken.
  const streamProblems = objects ? await pdfStreamProblems(bytes, objects) : [];
  if (streamProblems.length > 0) return streamProblems;
  if (result.kind === 'encrypted') return [materialProblems.encryptedPdf()];
  if (result.kind === 'corrupt') return [materialProblems.corruptPdf()];
  facts.pages = result.pages;
  if (result.pages === 0) return [materialProblems.noPages()];
  if (rule.maxPages !== undefined && result.pages > rule.maxPages) {
    return [materialProblems.tooManyPages(result.pages, rule.maxPages)];
  }
  return [];
}

/** What decoding the streams shows: a decompression bomb, or an embedded archive or executable. */
async function pdfStreamProblems(
  bytes: Uint8Array,
  objects: NonNullable<PdfReading['objects']>,
): Promise<Problem[]> {
  try {
    const audit = await auditPdfStreams(bytes, objects.index, objects.streams);
    if (audit.kind === 'bomb') {
      return [materialProblems.decompressionBomb(audit.encodedBytes, audit.decodedBytes)];
    }
    if (audit.hidden?.kind === 'archive') return [materialProblems.embeddedArchive(audit.hidden.format)];
    if (audit.hidden?.kind === 'executable') {
      return [materialProblems.embeddedExecutable(audit.hidden.format)];
    }
    return [];
  } catch {
    // The work budget ran out while resolving stream dictionaries: too costly to read, like the structure.
    return [materialProblems.corruptPdf()];
  }
}

function imageProblems(bytes: Uint8Array, type: MediaType, rule: MaterialRule, facts: Facts): Problem[] {
  const result: ImageInspection = type === 'image/png' ? inspectPng(bytes) : inspectJpeg(bytes);
  if (result.width !== undefined && result.height !== undefined) {
    facts.width = result.width;
    facts.height = result.height;
  }
  if (result.kind === 'too-many-pixels') {
    return [materialProblems.imageDimensionsTooLarge(result.width, result.height, MAX_IMAGE_PIXELS)];
  }
  const problems = result.kind === 'corrupt' ? [materialProblems.corruptImage(type)] : [];
  const tooSmall = sizeProblem(facts, rule);
  return tooSmall ? [...problems, tooSmall] : problems;
}

/** Resolution is judged on the header's dimensions, so a damaged image that is also too small says both. */
function sizeProblem(facts: Facts, rule: MaterialRule): Problem | undefined {
  const { width, height } = facts;
  if (width === undefined || height === undefined) return undefined;
  const minShort = rule.minImageShortSide ?? 0;
  const minLong = rule.minImageLongSide ?? 0;
  if (Math.min(width, height) >= minShort && Math.max(width, height) >= minLong) return undefined;
  return materialProblems.imageTooSmall(width, height, minShort, minLong);
}
