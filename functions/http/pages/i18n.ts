/**
 * Every word the public pages print, in Chinese and English. Verdicts carry a word AND an icon (never colour
 * alone), and each non-VALID verdict has a plain-language explanation and what to do next — written for a
 * citizen, not for a PDF engineer; the verifier's technical reasons stay available below it.
 */
import type { Verification } from '../../core/certificates/verify-licence.js';

/** The page language: `zh` (zh-CN, the default) or `en`. */
export type Lang = 'zh' | 'en';

/** The `lang` attribute value of a page language. */
export const htmlLang = (lang: Lang) => (lang === 'en' ? 'en' : 'zh-CN');

/** `?lang=en` selects English; anything else (or nothing) is Chinese, so a stray value never errors. */
export const langOf = (value: unknown): Lang => (value === 'en' ? 'en' : 'zh');

/** How a verdict looks: tone picks the colour scheme, the icon and word carry the meaning. */
export interface VerdictLook {
  icon: string;
  tone: 'ok' | 'bad' | 'warn';
  word: Record<Lang, string>;
  /** What it means and what to do, in plain words (absent for VALID). */
  explain?: Record<Lang, string>;
  /** For a licence that was genuine but is no longer usable: the banner the licence page leads with. */
  banner?: Record<Lang, string>;
}

/** The look of every verdict. */
export const verdictLooks: Record<Verification['verdict'], VerdictLook> = {
  VALID: { icon: '✔', tone: 'ok', word: { zh: '有效', en: 'Valid' } },
  VALID_OTHER_ISSUER: {
    icon: '✔',
    tone: 'warn',
    word: { zh: '可信机构签发', en: 'Trusted issuer' },
    explain: {
      zh: '这份文件由可信名单中的其他签发机构盖章，签章完整，盖章后未被改动；它不在本系统的证照台账中，内容请以签发机构为准。',
      en: 'This file was sealed by another issuer on the trusted list; the seal is intact and nothing it covers was changed. It is not in our licence ledger: the issuer answers for its content.',
    },
  },
  NOT_YET_VALID: {
    icon: '◷',
    tone: 'warn',
    word: { zh: '未生效', en: 'Not yet valid' },
    explain: {
      zh: '这份证照是真实的，但还没有到生效日期（见下方“生效日期”），在此之前不能作为有效证明使用。',
      en: 'This licence is genuine but its validity has not begun yet (see "Valid from" below); until then it is not proof.',
    },
    banner: { zh: '此证照尚未生效', en: 'This licence is not in force yet' },
  },
  REVOKED: {
    icon: '✖',
    tone: 'bad',
    word: { zh: '已撤销', en: 'Revoked' },
    explain: {
      zh: '发证机关已经收回这份证照，它不能再作为有效证明使用。如有疑问，请联系发证机关。',
      en: 'The issuing office has withdrawn this licence. It can no longer be used as proof. Contact the office if in doubt.',
    },
    banner: { zh: '此证照已撤销，不能再使用', en: 'This licence has been revoked and can no longer be used' },
  },
  SUSPENDED: {
    icon: '⊘',
    tone: 'bad',
    word: { zh: '已暂停', en: 'Suspended' },
    explain: {
      zh: '发证机关暂停了这份证照，暂停期间它不能作为有效证明使用。请联系发证机关了解原因。',
      en: 'The issuing office has suspended this licence; while suspended it is not proof. Contact the office for the reason.',
    },
    banner: { zh: '此证照已暂停使用', en: 'This licence is suspended' },
  },
  SUPERSEDED: {
    icon: '↻',
    tone: 'warn',
    word: { zh: '已换发', en: 'Replaced' },
    explain: {
      zh: '这份证照已经换发了新证，旧证不再有效。请使用新证照（编号见下方）。',
      en: 'A new licence has replaced this one, so this one is no longer valid. Use the new licence (number below).',
    },
    banner: { zh: '此证照已换发新证，旧证不再有效', en: 'This licence was replaced and is no longer valid' },
  },
  EXPIRED: {
    icon: '◔',
    tone: 'warn',
    word: { zh: '已过期', en: 'Expired' },
    explain: {
      zh: '这份证照已经过了有效期，不能再作为有效证明使用。如需继续使用，请办理延续或重新申请。',
      en: 'This licence is past its expiry date and is no longer proof. Apply for a renewal to keep using it.',
    },
    banner: { zh: '此证照已过期，不能再使用', en: 'This licence has expired and can no longer be used' },
  },
  TAMPERED: {
    icon: '⚠',
    tone: 'bad',
    word: { zh: '被篡改', en: 'Tampered' },
    explain: {
      zh: '这份文件在盖章之后被改动过，内容不可信。请不要使用它，并向发证机关索取原件。',
      en: 'This file was changed after it was sealed, so its content cannot be trusted. Do not rely on it; ask the issuing office for the original.',
    },
  },
  UNKNOWN_SIGNER: {
    icon: '⚠',
    tone: 'bad',
    word: { zh: '非本系统签章', en: 'Unknown seal' },
    explain: {
      zh: '这份文件上的电子印章不是本系统发证机关的印章，无法证明它是真实证照。',
      en: 'The electronic seal on this file is not one of our issuing offices, so it does not prove a genuine licence.',
    },
  },
  NOT_SIGNED: {
    icon: '⚠',
    tone: 'bad',
    word: { zh: '未盖电子印章', en: 'Not sealed' },
    explain: {
      zh: '这份文件没有电子印章，可能是复印件、截图或自行制作的文件，不能作为电子证照使用。',
      en: 'This file carries no electronic seal. It may be a copy, a screenshot or a home-made file, and is not an electronic licence.',
    },
  },
  NOT_FOUND: {
    icon: '？',
    tone: 'warn',
    word: { zh: '未找到', en: 'Not found' },
    explain: {
      zh: '没有找到这份证照。请检查二维码或链接是否完整；如仍有问题，请联系发证机关核实。',
      en: 'We could not find this licence. Check that the QR code or link is complete, or ask the issuing office.',
    },
  },
  MALFORMED: {
    icon: '⚠',
    tone: 'bad',
    word: { zh: '文件无法识别', en: 'Unreadable file' },
    explain: {
      zh: '这不是一份完整的 PDF 电子证照，文件可能已损坏。请上传从短信链接下载的原始 PDF 文件。',
      en: 'This is not a complete PDF licence; the file may be damaged. Upload the original PDF downloaded from the SMS link.',
    },
  },
};

/** Picks one language out of a core reason message (`中文 / English`). */
export function reasonText(message: string, lang: Lang): string {
  const cut = message.indexOf(' / ');
  if (cut < 0) return message;
  return lang === 'en' ? message.slice(cut + 3) : message.slice(0, cut);
}

/** Fixed strings of the page furniture. */
/** Revocation reasons the system itself records as codes, in words (others are shown as written). */
export const revocationReasonWords: Record<string, { zh: string; en: string }> = {
  PLEDGE_FALSE: {
    zh: '告知承诺经事后核查不实，依法撤销（PLEDGE_FALSE）',
    en: 'Revoked: the applicant’s pledge proved false on checking (PLEDGE_FALSE)',
  },
};

/** A revocation reason as a page shows it. */
export const revocationReasonText = (reason: string | undefined, lang: Lang): string | undefined =>
  reason === undefined || !Object.hasOwn(revocationReasonWords, reason)
    ? reason
    : revocationReasonWords[reason]?.[lang];

export const words = {
  service: { zh: '湖南省电子证照', en: 'Hunan e-Licence' },
  footer: {
    zh: '湖南省电子证照服务 · 本页不向第三方发送任何数据',
    en: 'Hunan e-licence service · this page sends no data to third parties',
  },
  bigType: { zh: '大字', en: 'Large text' },
  switchLang: { zh: 'English', en: '中文' },
  readAloud: { zh: '朗读结果', en: 'Read aloud' },
  verifyTitle: { zh: '电子证照核验', en: 'Licence verification' },
  licence: { zh: '电子证照', en: 'Electronic licence' },
  type: { zh: '证照名称', en: 'Licence' },
  number: { zh: '证照编号', en: 'Number' },
  holder: { zh: '持证人', en: 'Holder' },
  issuer: { zh: '发证机关', en: 'Issued by' },
  issued: { zh: '签发日期', en: 'Issued on' },
  validFrom: { zh: '生效日期', en: 'Valid from' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
  revokedAt: { zh: '撤销日期', en: 'Revoked on' },
  revocationReason: { zh: '撤销原因', en: 'Reason' },
  checkedAt: { zh: '核验时间', en: 'Checked at' },
  details: { zh: '技术细节', en: 'Technical details' },
  download: { zh: '下载电子证照（PDF）', en: 'Download the licence (PDF)' },
  preview: { zh: '证照首页预览', en: 'Preview of the licence' },
  previewNote: {
    zh: '预览仅供查看，个人信息已隐去；请以下载的 PDF 为准。',
    en: 'Preview only, personal data hidden; the downloaded PDF is authoritative.',
  },
  replacedBy: { zh: '新证照编号', en: 'New licence number' },
  noDownload: {
    zh: '此证照已不在有效状态，不再提供下载，请勿使用此前保存的文件。',
    en: 'This licence is no longer in force, so its file is no longer offered. Do not use a copy saved earlier.',
  },
  unavailable: { zh: '证照文件暂不可用', en: 'Licence file unavailable' },
  unavailableText: {
    zh: '系统在提供这份证照文件前发现它与签发记录不一致，为安全起见暂不提供，管理员已收到通知。请稍后再试，或联系发证机关。',
    en: 'Before serving this licence file we found it differs from the issuing record, so it is withheld for safety and the operators have been alerted. Try again later or contact the issuing office.',
  },
  linkGone: { zh: '链接无效或已过期', en: 'Link not valid' },
  linkGoneText: {
    zh: '该短信链接不存在或已过期。如需再次获取，请联系发证机关重新发送。',
    en: 'This link does not exist or has expired. Ask the issuing office to send it again.',
  },
  uploadTitle: { zh: '核验电子证照文件', en: 'Check a licence file' },
  uploadIntro: {
    zh: '选择或拖入一份电子证照 PDF 文件，系统会检查它的电子印章和证照状态。文件只用于本次核验，不会保存。',
    en: 'Choose or drop a licence PDF. We check its electronic seal and its status. The file is used for this check only and is not kept.',
  },
  choose: { zh: '选择 PDF 文件', en: 'Choose a PDF file' },
  drop: { zh: '或把文件拖到这里', en: 'or drop the file here' },
} as const satisfies Record<string, Record<Lang, string>>;
