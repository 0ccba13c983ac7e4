/**
 * The QR landing page (`/verify/{id}?code=`), the citizen's licence page behind the SMS link (`/s/{token}`)
 * and the page for a dead link. Only the masked, allow-listed fields of `Verification` are ever printed.
 */
import type { Verification } from '../../core/certificates/verify-licence.js';
import { isoShanghaiDate } from '../../core/licence/render/format.js';
import { type Lang, reasonText, revocationReasonText, verdictLooks, words } from './i18n.js';
import { escapeHtml, page } from './shell.js';

/** Beijing wall-clock time `YYYY-MM-DD HH:mm` (UTC+8 all year, so a fixed offset is exact). */
const beijingTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The status block: icon AND word, so the verdict never depends on colour alone. */
export function statusBlock(verdict: Verification['verdict'], lang: Lang): string {
  const look = verdictLooks[verdict];
  const label = lang === 'en' ? 'Status' : '核验结果';
  return `<div class="status ${look.tone}"><span class="icon" aria-hidden="true">${look.icon}</span><span><span class="muted">${label}：</span>${look.word[lang]}</span></div>${
    look.explain ? `<p class="explain">${look.explain[lang]}</p>` : ''
  }`;
}

function row(term: string, value: string | undefined): string {
  return value ? `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>` : '';
}

/** The licence facts a verifier may see (holder masked upstream). */
export function licenceFacts(c: NonNullable<Verification['certificate']>, lang: Lang): string {
  return `<dl>${row(words.type[lang], c.type)}${row(words.number[lang], c.number)}${row(words.holder[lang], c.holderMasked)}${row(
    words.issuer[lang],
    c.issuer,
  )}${row(words.issued[lang], isoShanghaiDate(new Date(c.issuedAt)))}${row(words.validFrom[lang], c.validFrom)}${row(words.validUntil[lang], c.validUntil)}${row(
    words.revokedAt[lang],
    c.revokedAt ? isoShanghaiDate(new Date(c.revokedAt)) : undefined,
  )}${row(words.revocationReason[lang], revocationReasonText(c.revocationReason, lang))}${row(words.replacedBy[lang], c.supersededByNumber)}</dl>`;
}

/** The verifier's own reasons, one language, folded away: the plain explanation above is the headline. */
function technicalDetails(v: Verification, lang: Lang): string {
  const items = v.reasons.map((r) => `<li>${escapeHtml(reasonText(r.message, lang))}</li>`).join('');
  return `<details><summary>${words.details[lang]}</summary><ul>${items}</ul><p class="muted">${
    words.checkedAt[lang]
  }：${escapeHtml(beijingTime(v.checkedAt))}</p></details>`;
}

const speakButton = (lang: Lang) =>
  `<button class="btn plain" id="speak" type="button" hidden><span aria-hidden="true">▶</span>${words.readAloud[lang]}</button>`;

/** The summary card; `id="summary"` is what the read-aloud button reads. */
function summaryCard(v: Verification, lang: Lang, actions = ''): string {
  return `<section class="card" aria-label="${words.verifyTitle[lang]}"><div id="summary">${statusBlock(v.verdict, lang)}${
    v.certificate ? licenceFacts(v.certificate, lang) : ''
  }</div>${actions}${speakButton(lang)}${technicalDetails(v, lang)}</section>`;
}

/** The QR landing page. */
export function verificationPage(v: Verification, lang: Lang, switchTo: string): string {
  return page(
    {
      lang,
      title: `${words.verifyTitle[lang]} · ${verdictLooks[v.verdict].word[lang]}`,
      switchHref: switchTo,
    },
    `<h1>${words.verifyTitle[lang]}</h1>${summaryCard(v, lang)}`,
  );
}

/** A banner no one can miss once the licence is no longer usable. */
function unusableBanner(v: Verification, lang: Lang): string {
  const look = verdictLooks[v.verdict];
  if (!look.banner) return '';
  return `<div class="banner ${look.tone}" role="alert"><span aria-hidden="true">${look.icon} </span>${look.banner[lang]}</div>`;
}

/** Where the licence page finds its preview image and PDF (none for a licence no longer in force). */
export interface LicenceLinks {
  pdf: string | undefined;
  preview: string;
}

function previewFigure(v: Verification, lang: Lang, previewHref: string): string {
  const stamp = verdictLooks[v.verdict].banner
    ? ` void" data-stamp="${verdictLooks[v.verdict].word[lang]}`
    : '';
  const alt = `${words.preview[lang]}：${v.certificate?.type ?? ''}`;
  return `<section class="card"><h2>${words.preview[lang]}</h2><figure><div class="preview${stamp}">
<img src="${escapeHtml(previewHref)}" alt="${escapeHtml(alt)}" width="595" height="842" decoding="async"></div>
<figcaption>${words.previewNote[lang]}</figcaption></figure></section>`;
}

/** The citizen's licence page behind the SMS link. */
export function licencePage(v: Verification, lang: Lang, switchTo: string, links: LicenceLinks): string {
  const c = v.certificate;
  const title = c?.type ?? words.licence[lang];
  const usable = v.verdict === 'VALID';
  // A withdrawn licence is never offered as a file to use: the page says why instead of a button.
  const download =
    c && links.pdf
      ? `<a class="btn${usable ? '' : ' plain'}" href="${escapeHtml(links.pdf)}" download><span aria-hidden="true">↓</span>${
          words.download[lang]
        }</a>`
      : c
        ? `<p class="explain">${words.noDownload[lang]}</p>`
        : '';
  return page(
    { lang, title, switchHref: switchTo },
    `${unusableBanner(v, lang)}<h1>${escapeHtml(title)}</h1><div class="cols"><div>${summaryCard(v, lang, download)}</div>${c ? previewFigure(v, lang, links.preview) : ''}</div>`,
  );
}

/** The stored file failed its integrity check: nothing about the licence is vouched for, nothing offered. */
export function licenceUnavailablePage(lang: Lang, switchTo: string): string {
  return page(
    { lang, title: words.unavailable[lang], switchHref: switchTo },
    `<h1>${words.unavailable[lang]}</h1><section class="card" role="alert"><div class="status bad"><span class="icon" aria-hidden="true">⚠</span><span>${
      words.unavailable[lang]
    }</span></div><p class="explain">${words.unavailableText[lang]}</p></section>`,
  );
}

/** Unknown or expired SMS link. */
export function linkNotFoundPage(lang: Lang, switchTo: string): string {
  const look = verdictLooks.NOT_FOUND;
  return page(
    { lang, title: words.linkGone[lang], switchHref: switchTo },
    `<h1>${words.linkGone[lang]}</h1><section class="card"><div class="status ${look.tone}"><span class="icon" aria-hidden="true">${
      look.icon
    }</span><span>${words.linkGone[lang]}</span></div><p class="explain">${words.linkGoneText[lang]}</p></section>`,
  );
}
