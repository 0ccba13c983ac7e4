/**
 * Every Problem a material can have. Codes are stable (clients switch on them); messages are Chinese first,
 * then English, and tell the applicant what to do next — not just what is wrong.
 */
import type { MaterialRule, MediaType } from '../catalogue/types.js';
import { type Problem, problem } from '../problem.js';

const TYPE_NAMES: Readonly<Record<MediaType, { zh: string; en: string }>> = {
  'application/pdf': { zh: 'PDF', en: 'PDF' },
  'image/jpeg': { zh: 'JPEG图片', en: 'JPEG image' },
  'image/png': { zh: 'PNG图片', en: 'PNG image' },
};

const typeNameZh = (type: string): string => TYPE_NAMES[type as MediaType]?.zh ?? type;
const typeNameEn = (type: string): string => TYPE_NAMES[type as MediaType]?.en ?? type;
const listZh = (types: readonly string[]): string => types.map(typeNameZh).join('、');
const listEn = (types: readonly string[]): string => types.map(typeNameEn).join(', ');

const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Builders for every material Problem, keyed by code. */
export const materialProblems = {
  emptyFile: (): Problem =>
    problem(
      'EMPTY_FILE',
      '文件为空（0字节），请重新上传完整文件',
      'The file is empty (0 bytes); upload the complete file',
    ),

  tooLarge: (bytes: number, maxBytes: number): Problem =>
    problem(
      'TOO_LARGE',
      `文件大小${megabytes(bytes)}超过上限${megabytes(maxBytes)}，请压缩或降低扫描分辨率后重新上传`,
      `The file is ${megabytes(bytes)}, over the limit of ${megabytes(maxBytes)}; compress it or scan at a lower resolution and upload again`,
    ),

  unsupportedMediaType: (declared: string, allowed: readonly MediaType[]): Problem =>
    problem(
      'UNSUPPORTED_MEDIA_TYPE',
      `不接受“${declared || '未声明'}”类型的文件，请上传${listZh(allowed)}格式`,
      `Files of type "${declared || 'none declared'}" are not accepted; upload ${listEn(allowed)}`,
    ),

  /** `actual` is a media type or a label such as `ZIP/Office`; undefined for unrecognised content. */
  contentTypeMismatch: (declared: string, actual: string | undefined): Problem =>
    problem(
      'CONTENT_TYPE_MISMATCH',
      `文件内容${actual ? `是${typeNameZh(actual)}` : '无法识别'}，与声明的类型${typeNameZh(declared) || '（未声明）'}不符，请上传真正的${typeNameZh(declared) || '材料'}文件或更正声明的类型`,
      `The content ${actual ? `is ${typeNameEn(actual)}` : 'is not recognised'} and does not match the declared type ${typeNameEn(declared) || '(none)'}; upload a real ${typeNameEn(declared) || 'material'} file or correct the declared type`,
    ),

  extensionMismatch: (fileName: string, actual: string): Problem =>
    problem(
      'EXTENSION_MISMATCH',
      `文件名“${fileName}”的扩展名与文件内容（${typeNameZh(actual)}）不符，请更正文件名后重新上传`,
      `The extension of "${fileName}" does not match the content (${typeNameEn(actual)}); correct the file name and upload again`,
    ),

  corruptPdf: (): Problem =>
    problem(
      'CORRUPT_FILE',
      'PDF文件已损坏或结构不完整，无法可靠读取，请用PDF软件重新导出（另存为）后上传',
      'The PDF is damaged or incomplete and cannot be read reliably; export (save as) it again with a PDF tool and upload the new copy',
    ),

  corruptImage: (type: MediaType): Problem =>
    problem(
      'CORRUPT_FILE',
      `${typeNameZh(type)}已损坏或不完整，无法解码，请重新拍照或扫描后上传`,
      `The ${typeNameEn(type)} is damaged or incomplete and cannot be decoded; take the photo or scan again and upload it`,
    ),

  encryptedPdf: (): Problem =>
    problem(
      'ENCRYPTED_PDF',
      'PDF文件已加密或设有密码，请去除密码保护后上传未加密的文件',
      'The PDF is encrypted or password-protected; remove the protection and upload an unencrypted copy',
    ),

  noPages: (): Problem =>
    problem(
      'NO_PAGES',
      'PDF文件没有任何页面，请上传包含材料内容的文件',
      'The PDF has no pages; upload the file that contains the material',
    ),

  tooManyPages: (pages: number, maxPages: number): Problem =>
    problem(
      'TOO_MANY_PAGES',
      `PDF共${pages}页，超过上限${maxPages}页，请只上传本项材料所需的页面`,
      `The PDF has ${pages} pages, more than the limit of ${maxPages}; upload only the pages this material needs`,
    ),

  imageTooSmall: (width: number, height: number, minShort: number, minLong: number): Problem =>
    problem(
      'IMAGE_TOO_SMALL',
      `图片分辨率${width}×${height}像素过低（短边至少${minShort}、长边至少${minLong}像素），请用更高分辨率重新拍照或扫描`,
      `The image is ${width}×${height} pixels, too small (shorter side at least ${minShort}, longer side at least ${minLong}); take the photo or scan again at a higher resolution`,
    ),

  imageDimensionsTooLarge: (width: number, height: number, maxPixels: number): Problem =>
    problem(
      'IMAGE_DIMENSIONS_TOO_LARGE',
      `图片尺寸${width}×${height}像素过大（上限${Math.round(maxPixels / 1e6)}百万像素），请缩小图片后重新上传`,
      `The image is ${width}×${height} pixels, more than the limit of ${Math.round(maxPixels / 1e6)} megapixels; scale it down and upload again`,
    ),

  /** `decodedBytes` is where counting stopped (at least this much); `encodedBytes` what it came from. */
  decompressionBomb: (encodedBytes: number, decodedBytes: number): Problem =>
    problem(
      'DECOMPRESSION_BOMB',
      `文件中的压缩数据解压后异常庞大（${megabytes(encodedBytes)}解压后超过${megabytes(decodedBytes)}），可能是“解压炸弹”，审核人员无法安全打开；请用PDF软件重新导出（另存为）后上传`,
      `The file's compressed data expands abnormally (${megabytes(encodedBytes)} to more than ${megabytes(decodedBytes)}); it may be a decompression bomb that a reviewer cannot open safely; export (save as) it again with a PDF tool and upload the new copy`,
    ),

  /** `format` names the archive (ZIP, RAR, 7z, gzip…). */
  embeddedArchive: (format: string): Problem =>
    problem(
      'EMBEDDED_ARCHIVE',
      `文件中夹带了压缩包（${format}）数据，不予接收；请只上传材料本身，不要附加或嵌入其他文件`,
      `The file carries ${format} archive data inside or after it and is not accepted; upload the material alone, with nothing attached or embedded`,
    ),

  /** `format` names the executable (PE, ELF, Mach-O, script). */
  embeddedExecutable: (format: string): Problem =>
    problem(
      'EMBEDDED_EXECUTABLE',
      `文件中夹带了可执行程序（${format}），存在安全风险，不予接收；请上传由扫描仪或PDF软件直接生成的文件`,
      `The file carries an executable (${format}), a security risk, and is not accepted; upload a file made directly by a scanner or PDF tool`,
    ),

  trailingData: (bytes: number): Problem =>
    problem(
      'TRAILING_DATA',
      `PDF文件结束标记（%%EOF）之后还附加了${bytes}字节的其他数据，请用PDF软件重新导出（另存为）后上传`,
      `${bytes} bytes of other data follow the PDF's end marker (%%EOF); export (save as) it again with a PDF tool and upload the new copy`,
    ),

  /** For the case service: this upload has the same SHA-256 as material `otherMaterialCode` of the case. */
  duplicateMaterial: (otherMaterialCode: string): Problem =>
    problem(
      'DUPLICATE_MATERIAL',
      `该文件与本案件已上传的材料“${otherMaterialCode}”完全相同，请上传本项材料对应的文件`,
      `This file is identical to material "${otherMaterialCode}" already uploaded for this case; upload the file for this material`,
    ),

  /** For the case service: a required material has not been uploaded (named in both languages). */
  materialMissing: (rule: Pick<MaterialRule, 'code' | 'name' | 'nameEn'>): Problem =>
    problem(
      'MATERIAL_MISSING',
      `缺少材料“${rule.name}”（${rule.code}），请上传后再提交`,
      `Material "${rule.nameEn}" (${rule.code}) is missing; upload it before submitting`,
    ),
} as const;
