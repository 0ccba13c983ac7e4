/**
 * The frame every public page shares: header with the 大字 and language switches, inline CSS and JS, and the
 * strict content security policy that goes with them. The CSS and scripts are constants, so the CSP names
 * them by SHA-256 hash (CSP3 §8.3) instead of a per-response nonce — no randomness needed per request, and
 * a page that somehow got injected markup still cannot run script or load anything from elsewhere.
 */
import { createHash } from 'node:crypto';
import { html } from '../responses.js';
import type { HttpResult } from '../types.js';
import { htmlLang, type Lang, words } from './i18n.js';

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

// Base 18 px (适老化 guideline), everything else in rem so the 大字 switch scales the whole page. Colours
// meet WCAG AA (≥ 4.5:1) on their backgrounds; every control is at least 48 px tall.
const style = `*{box-sizing:border-box}html{font-size:18px;-webkit-text-size-adjust:100%}html.big{font-size:24px}
body{margin:0;font:1rem/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f2f3f5}
header{background:#9e1b1b;color:#fff}.bar{max-width:720px;margin:0 auto;padding:8px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.brand{font-weight:700;font-size:1.1rem;flex:1 1 auto}.bar nav{display:flex;gap:8px}
.chip{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:48px;padding:0 14px;border:2px solid #fff;border-radius:24px;background:transparent;color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
.chip[aria-pressed=true]{background:#fff;color:#9e1b1b}
main{max-width:720px;margin:0 auto;padding:16px}h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:0 0 .5rem}
.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.15);margin-bottom:16px}
.status{display:flex;align-items:center;gap:12px;font-size:1.6rem;font-weight:700;padding:14px 16px;border-radius:10px;border:3px solid}
.ok{color:#0b6b2f;border-color:#0b6b2f;background:#eaf6ee}.bad{color:#a10f0f;border-color:#a10f0f;background:#fdeaea}.warn{color:#6f4400;border-color:#6f4400;background:#fff4e0}
.icon{font-size:2.2rem;line-height:1;min-width:2.2rem;text-align:center}.explain{font-size:1.1rem;margin:14px 0 0}
.banner{font-size:1.4rem;font-weight:700;text-align:center;padding:18px;border-radius:12px;border:4px solid;margin-bottom:16px}
dl{margin:0}dt{color:#4a4a4a;font-size:.9rem;margin-top:12px}dd{margin:2px 0 0;font-size:1.15rem;overflow-wrap:anywhere}
.btn{display:flex;align-items:center;justify-content:center;gap:8px;width:100%;min-height:52px;margin-top:14px;padding:10px 16px;border-radius:10px;border:2px solid #9e1b1b;background:#9e1b1b;color:#fff;font:inherit;font-size:1.15rem;font-weight:700;text-align:center;text-decoration:none;cursor:pointer}
.btn.plain{background:#fff;color:#9e1b1b}.btn[hidden]{display:none}
figure{margin:0}.preview{position:relative;background:#e9e6df;border-radius:8px;padding:8px}.preview img{display:block;width:100%;height:auto;aspect-ratio:595/842;background:#fff}
.void::after{content:attr(data-stamp);position:absolute;top:40%;left:8%;right:8%;text-align:center;font-size:2.6rem;font-weight:800;color:#a10f0f;border:6px solid #a10f0f;border-radius:12px;background:rgba(255,255,255,.88);transform:rotate(-12deg)}
figcaption{font-size:.9rem;color:#4a4a4a;margin-top:8px}details{margin-top:14px}summary{min-height:48px;display:flex;align-items:center;cursor:pointer;font-weight:700}summary::before{content:'▸';margin-right:8px}details[open]>summary::before{content:'▾'}
ul{padding-left:1.2rem}.muted{color:#4a4a4a;font-size:.9rem}
.drop{display:block;border:3px dashed #6b6b6b;border-radius:12px;padding:24px 16px;text-align:center;background:#fff}.drop.over{border-color:#9e1b1b;background:#fdf1f1}
.drop input{position:absolute;width:1px;height:1px;opacity:0}.drop:focus-within{outline:3px solid #1a56db;outline-offset:2px}
footer{color:#4a4a4a;font-size:.85rem;text-align:center;padding:24px 16px}
@media (min-width:900px){main{padding:24px}.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}}`;

// Runs before first paint so a persisted 大字 choice never flashes small text.
const headScript = `try{if(localStorage.getItem('zz-big')==='1')document.documentElement.classList.add('big')}catch(e){}`;

// The 大字 switch (persisted) and the read-aloud button (zh-CN voice; hidden where speechSynthesis is absent).
const commonScript = `(function(){var d=document,h=d.documentElement,b=d.getElementById('big');
function mark(){if(b)b.setAttribute('aria-pressed',h.classList.contains('big')?'true':'false')}
mark();if(b)b.addEventListener('click',function(){var on=!h.classList.contains('big');h.classList.toggle('big',on);mark();try{localStorage.setItem('zz-big',on?'1':'0')}catch(e){}});
var s=d.getElementById('speak');if(s&&'speechSynthesis' in window){s.hidden=false;s.addEventListener('click',function(){var t=d.getElementById('summary');if(!t)return;
var u=new SpeechSynthesisUtterance(t.innerText);u.lang=h.lang==='en'?'en-GB':'zh-CN';u.rate=0.85;speechSynthesis.cancel();speechSynthesis.speak(u)})}})();`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Extra page scripts must be registered here so the CSP names them. */
const scriptRegistry = new Set<string>([headScript, commonScript]);

/** Registers a constant page script and returns it (call at module load, before any response is built). */
export function pageScript(source: string): string {
  scriptRegistry.add(source);
  return source;
}

/** The CSP of every page: only the hashed inline CSS/JS, same-origin images and fetches, nothing else. */
export function pageCsp(): string {
  const scripts = [...scriptRegistry].map(sha256).join(' ');
  return [
    "default-src 'none'",
    `script-src ${scripts}`,
    `style-src ${sha256(style)}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** What a page needs besides its body. */
export interface PageFrame {
  lang: Lang;
  title: string;
  /** Same page in the other language (the path with `lang` toggled). */
  switchHref: string;
  /** Registered scripts (see `pageScript`) to run after the common one. */
  scripts?: string[];
}

/** A complete HTML document around `body`. */
export function page(frame: PageFrame, body: string): string {
  const { lang } = frame;
  const other = lang === 'en' ? 'zh' : 'en';
  const scripts = [commonScript, ...(frame.scripts ?? [])].map((s) => `<script>${s}</script>`).join('');
  return `<!doctype html>
<html lang="${htmlLang(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light"><link rel="icon" href="data:,">
<title>${escapeHtml(frame.title)}</title><script>${headScript}</script><style>${style}</style></head>
<body><header><div class="bar"><span class="brand">${words.service[lang]}</span><nav aria-label="${lang === 'en' ? 'Display' : '显示设置'}">
<button class="chip" id="big" type="button" aria-pressed="false">${words.bigType[lang]}</button>
<a class="chip" href="${escapeHtml(frame.switchHref)}" lang="${htmlLang(other)}" hreflang="${htmlLang(other)}">${words.switchLang[lang]}</a></nav></div></header>
<main>${body}</main><footer>${words.footer[lang]}</footer>${scripts}</body></html>`;
}

/** An HTML response carrying the pages' hash-based CSP (tighter than the generic one of `html()`). */
export const pageResponse = (
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): HttpResult => html(statusCode, body, { 'content-security-policy': pageCsp(), ...headers });

/** `path?query` with `lang` set to the other language, keeping every other parameter. */
export function switchHref(path: string, query: Record<string, string | undefined>, lang: Lang): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'lang' && value !== undefined) params.set(key, value);
  }
  if (lang === 'zh') params.set('lang', 'en');
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
