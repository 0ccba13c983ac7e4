/**
 * The page behind an issuance request's one SMS link (`/s/{token}` of a request): every licence of the
 * request, each saying what it is for (the product of an export certificate: the catalogue's `subject`), its
 * number, holder (masked), validity and status, with its own PDF and verification page. In Chinese, or in
 * English with the catalogue's English names (`nameEn`, the subject's English field and label).
 */
import type { Lang } from './i18n.js';
import { verdictLooks, words } from './i18n.js';
import { escapeHtml, page } from './shell.js';

/** One licence as the list shows it; every value is already masked and in the page's language. */
export interface ListedLicence {
  typeName: string;
  /** What this licence is for, e.g. `{ label: '产品名称', value: '医用外科口罩' }`. */
  subject?: { label: string; value: string };
  number: string;
  holderMasked: string;
  validFrom: string;
  validUntil: string;
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'SUPERSEDED';
  /** Absent for a licence no longer in force: its file is not offered. */
  pdfHref?: string;
  verifyHref: string;
}

const listWords = {
  title: { zh: '您的电子证照', en: 'Your licences' },
  count: {
    zh: (n: number) => `本次共签发 ${n} 份证照`,
    en: (n: number) => `${n} licence${n === 1 ? '' : 's'} issued`,
  },
  validity: { zh: '有效期', en: 'Valid' },
  pdf: { zh: '下载 PDF', en: 'Download PDF' },
  verify: { zh: '查看核验页', en: 'Verification page' },
  note: {
    zh: '每份证照单独盖章、单独核验；个人信息已隐去，请以下载的 PDF 为准。',
    en: 'Each licence is sealed and verified on its own; personal data is hidden here, the PDF is authoritative.',
  },
} as const;

function licenceCard(licence: ListedLicence, index: number, lang: Lang): string {
  const look = verdictLooks[licence.status];
  const subject = licence.subject
    ? `<p><span class="muted">${escapeHtml(licence.subject.label)}：</span><strong>${escapeHtml(
        licence.subject.value,
      )}</strong></p>`
    : '';
  const links = [
    licence.pdfHref
      ? `<a class="btn" href="${escapeHtml(licence.pdfHref)}" download><span aria-hidden="true">↓</span>${listWords.pdf[lang]}</a>`
      : `<p class="explain">${words.noDownload[lang]}</p>`,
    `<a class="btn plain" href="${escapeHtml(licence.verifyHref)}">${listWords.verify[lang]}</a>`,
  ].join('');
  return `<section class="card" role="listitem"><h2>${index + 1}. ${escapeHtml(licence.typeName)}</h2>${subject}<div class="status ${
    look.tone
  }"><span class="icon" aria-hidden="true">${look.icon}</span><span>${look.word[lang]}</span></div><dl><dt>${
    words.number[lang]
  }</dt><dd>${escapeHtml(licence.number)}</dd><dt>${words.holder[lang]}</dt><dd>${escapeHtml(
    licence.holderMasked,
  )}</dd><dt>${listWords.validity[lang]}</dt><dd>${escapeHtml(licence.validFrom)} – ${escapeHtml(
    licence.validUntil,
  )}</dd></dl>${links}</section>`;
}

/** The list page of a request's licences, in `lang`. */
export function licenceListPage(
  itemName: string,
  licences: readonly ListedLicence[],
  lang: Lang,
  switchTo: string,
): string {
  return page(
    { lang, title: `${listWords.title[lang]} · ${itemName}`, switchHref: switchTo },
    `<h1>${escapeHtml(itemName)}</h1><p>${listWords.count[lang](licences.length)}</p><p class="muted">${
      listWords.note[lang]
    }</p><div role="list">${licences.map((l, i) => licenceCard(l, i, lang)).join('')}</div>`,
  );
}
