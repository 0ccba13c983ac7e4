/**
 * Server-rendered pages for citizens and verifiers: phone-first, zh-CN, large type, no external requests
 * (inline CSS only), status by word and icon, never colour alone. Every value is HTML-escaped.
 */
import type { Verification } from '../core/certificates/verify-licence.js';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const style = `
*{box-sizing:border-box}body{margin:0;font:18px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f5f7}
main{max-width:640px;margin:0 auto;padding:16px}h1{font-size:1.5rem;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.12);margin-bottom:16px}
.status{display:flex;align-items:center;gap:12px;font-size:1.4rem;font-weight:700;padding:16px;border-radius:10px;border:3px solid}
.ok{color:#0b6b2f;border-color:#0b6b2f;background:#eaf6ee}.bad{color:#a10f0f;border-color:#a10f0f;background:#fdeaea}.warn{color:#7a4b00;border-color:#7a4b00;background:#fff4e0}
.icon{font-size:2rem;line-height:1}dl{margin:0}dt{color:#555;font-size:.95rem;margin-top:12px}dd{margin:2px 0 0;font-size:1.1rem;word-break:break-all}
a.button{display:block;text-align:center;background:#b30000;color:#fff;text-decoration:none;font-weight:700;font-size:1.2rem;padding:14px;border-radius:10px;min-height:48px;margin-top:12px}
ul{padding-left:1.2rem}footer{color:#555;font-size:.9rem;text-align:center;margin:24px 0}`;

/** A complete page. */
export const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><main>${body}<footer>湖南省电子证照服务 · Hunan e-licence service</footer></main></body></html>`;

const verdictText: Record<
  Verification['verdict'],
  { icon: string; zh: string; en: string; tone: 'ok' | 'bad' | 'warn' }
> = {
  VALID: { icon: '✔', zh: '有效', en: 'Valid', tone: 'ok' },
  REVOKED: { icon: '✖', zh: '已撤销', en: 'Revoked', tone: 'bad' },
  EXPIRED: { icon: '⌛', zh: '已过期', en: 'Expired', tone: 'warn' },
  TAMPERED: { icon: '⚠', zh: '被篡改', en: 'Tampered', tone: 'bad' },
  UNKNOWN_SIGNER: { icon: '⚠', zh: '非本系统签章', en: 'Unknown signer', tone: 'bad' },
  NOT_SIGNED: { icon: '⚠', zh: '未签章', en: 'Not signed', tone: 'bad' },
  NOT_FOUND: { icon: '？', zh: '未找到', en: 'Not found', tone: 'warn' },
  MALFORMED: { icon: '⚠', zh: '文件无法识别', en: 'Unreadable file', tone: 'bad' },
};

const statusBlock = (verdict: Verification['verdict']) => {
  const v = verdictText[verdict];
  return `<div class="status ${v.tone}" role="status"><span class="icon" aria-hidden="true">${v.icon}</span><span>${v.zh} <small>${v.en}</small></span></div>`;
};

const details = (c: NonNullable<Verification['certificate']>) => `<dl>
<dt>证照名称 Licence</dt><dd>${escapeHtml(c.type)}</dd>
<dt>证照编号 Number</dt><dd>${escapeHtml(c.number)}</dd>
<dt>持证人 Holder</dt><dd>${escapeHtml(c.holderMasked)}</dd>
<dt>发证机关 Issuer</dt><dd>${escapeHtml(c.issuer)}</dd>
<dt>签发日期 Issued</dt><dd>${escapeHtml(c.issuedAt.slice(0, 10))}</dd>
<dt>有效期至 Valid until</dt><dd>${escapeHtml(c.validUntil)}</dd>
${c.revocationReason ? `<dt>撤销原因 Reason</dt><dd>${escapeHtml(c.revocationReason)}</dd>` : ''}</dl>`;

/** The QR landing page and the result of an upload. */
export function verificationPage(v: Verification): string {
  const reasons = v.reasons.map((r) => `<li>${escapeHtml(r.message)}</li>`).join('');
  return page(
    `证照核验 ${verdictText[v.verdict].zh}`,
    `<h1>电子证照核验 <small>Licence verification</small></h1>
<div class="card">${statusBlock(v.verdict)}<ul>${reasons}</ul></div>
${v.certificate ? `<div class="card">${details(v.certificate)}</div>` : ''}
<p>核验时间 Checked at: ${escapeHtml(v.checkedAt)}</p>`,
  );
}

/** The citizen's licence page behind the SMS link. */
export function licencePage(v: Verification, pdfHref: string): string {
  const c = v.certificate;
  return page(
    c ? c.type : '电子证照',
    `<h1>${escapeHtml(c?.type ?? '电子证照')}</h1>
<div class="card">${statusBlock(v.verdict)}${v.verdict === 'VALID' ? '' : `<ul>${v.reasons.map((r) => `<li>${escapeHtml(r.message)}</li>`).join('')}</ul>`}</div>
${c ? `<div class="card">${details(c)}<a class="button" href="${escapeHtml(pdfHref)}">下载电子证照（PDF）<br><small>Download the licence</small></a></div>` : ''}`,
  );
}

/** Unknown or expired link. */
export const linkNotFoundPage = () =>
  page(
    '链接无效',
    `<h1>链接无效或已过期</h1><div class="card"><p>该短信链接不存在或已过期。如需再次获取，请联系发证机关重新发送。</p><p>This link does not exist or has expired. Ask the issuing office to send it again.</p></div>`,
  );
