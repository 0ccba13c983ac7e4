/**
 * `/verify`: anyone drops or picks a licence PDF; the page POSTs it to `/v1/verifications` from the browser
 * (same origin, `Content-Type: application/pdf`) and shows the verdict. The result is built with DOM
 * `textContent` only, never `innerHTML`, so nothing in a crafted PDF's answer can become markup.
 */
import { type Lang, revocationReasonWords, verdictLooks, words } from './i18n.js';
import { page, pageScript } from './shell.js';

const uploadWords = {
  checking: { zh: '正在核验，请稍候……', en: 'Checking, please wait…' },
  tooBig: {
    zh: '文件太大（超过 10 MB），不是电子证照。',
    en: 'The file is too large (over 10 MB) for a licence.',
  },
  notPdf: { zh: '请选择 PDF 文件。', en: 'Please choose a PDF file.' },
  failed: {
    zh: '暂时无法核验，请检查网络后再试一次。',
    en: 'The check could not be done. Check your connection and try again.',
  },
  file: { zh: '文件', en: 'File' },
} as const satisfies Record<string, Record<Lang, string>>;

/** Everything the client script prints, both languages (the page's `lang` picks one). */
const labels = {
  verdicts: verdictLooks,
  revocationReasons: revocationReasonWords,
  words: {
    ...uploadWords,
    status: { zh: '核验结果', en: 'Status' },
    type: words.type,
    number: words.number,
    holder: words.holder,
    issuer: words.issuer,
    issued: words.issued,
    validFrom: words.validFrom,
    validUntil: words.validUntil,
    revokedAt: words.revokedAt,
    revocationReason: words.revocationReason,
    replacedBy: words.replacedBy,
    details: words.details,
  },
};

const uploadScript = pageScript(`(function(){var L=${JSON.stringify(labels)};
var d=document,lang=d.documentElement.lang==='en'?'en':'zh',W=function(k){return L.words[k][lang]};
var input=d.getElementById('file'),zone=d.getElementById('zone'),card=d.getElementById('result'),sum=d.getElementById('summary'),tech=d.getElementById('tech');
var max=Number(input.getAttribute('data-max'));
function el(tag,cls,text){var e=d.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e}
function day(iso){return new Date(Date.parse(iso)+288e5).toISOString().slice(0,10)}
function reason(m){var i=m.indexOf(' / ');return i<0?m:(lang==='en'?m.slice(i+3):m.slice(0,i))}
function reset(){sum.textContent='';tech.textContent='';card.hidden=false}
function message(text,tone){reset();var s=el('div','status '+tone);var i=el('span','icon',tone==='warn'?'◔':'⚠');i.setAttribute('aria-hidden','true');s.append(i,el('span','',text));sum.append(s);card.focus()}
function show(v,name){reset();var look=L.verdicts[v.verdict]||L.verdicts.MALFORMED;var s=el('div','status '+look.tone);
var i=el('span','icon',look.icon);i.setAttribute('aria-hidden','true');var w=el('span','');w.append(el('span','muted',W('status')+'：'),look.word[lang]);s.append(i,w);sum.append(s);
if(look.explain)sum.append(el('p','explain',look.explain[lang]));var c=v.certificate;var dl=el('dl','');
function row(k,val){if(val){dl.append(el('dt','',W(k)),el('dd','',val))}}
row('file',name);if(c){row('type',c.type);row('number',c.number);row('holder',c.holderMasked);row('issuer',c.issuer);row('issued',day(c.issuedAt));row('validFrom',c.validFrom);row('validUntil',c.validUntil);
if(c.revokedAt)row('revokedAt',day(c.revokedAt));row('revocationReason',(L.revocationReasons[c.revocationReason]||{})[lang]||c.revocationReason);row('replacedBy',c.supersededByNumber)}sum.append(dl);
var ul=el('ul','');(v.reasons||[]).forEach(function(r){ul.append(el('li','',reason(r.message)))});tech.append(el('summary','',W('details')),ul);card.focus()}
function check(file){if(!file)return;if(file.size>max){message(W('tooBig'),'bad');return}
if(file.type&&file.type!=='application/pdf'&&!/\\.pdf$/i.test(file.name)){message(W('notPdf'),'bad');return}
message(W('checking'),'warn');
fetch('/v1/verifications',{method:'POST',headers:{'Content-Type':'application/pdf','Accept':'application/json'},body:file})
.then(function(r){if(r.status===413)throw new Error('big');if(!r.ok)throw new Error(String(r.status));return r.json()})
.then(function(v){show(v,file.name)},function(e){message(e.message==='big'?W('tooBig'):W('failed'),'bad')})}
input.addEventListener('change',function(){check(input.files&&input.files[0]);input.value=''});
['dragenter','dragover'].forEach(function(t){zone.addEventListener(t,function(e){e.preventDefault();zone.classList.add('over')})});
['dragleave','drop'].forEach(function(t){zone.addEventListener(t,function(){zone.classList.remove('over')})});
zone.addEventListener('drop',function(e){e.preventDefault();check(e.dataTransfer&&e.dataTransfer.files[0])});
window.addEventListener('dragover',function(e){e.preventDefault()});window.addEventListener('drop',function(e){e.preventDefault()});})();`);

/** The drop-a-PDF page; `maxBytes` is the upload limit the API enforces (checked early, client-side). */
export function uploadPage(lang: Lang, switchTo: string, maxBytes: number): string {
  return page(
    { lang, title: words.uploadTitle[lang], switchHref: switchTo, scripts: [uploadScript] },
    `<h1>${words.uploadTitle[lang]}</h1><section class="card"><p>${words.uploadIntro[lang]}</p>
<label class="drop" id="zone"><input id="file" type="file" accept="application/pdf,.pdf" data-max="${maxBytes}">
<span class="btn"><span aria-hidden="true">↑</span>${words.choose[lang]}</span><span class="muted">${words.drop[lang]}</span></label></section>
<section class="card" id="result" tabindex="-1" aria-live="polite" hidden><div id="summary"></div>
<button class="btn plain" id="speak" type="button" hidden><span aria-hidden="true">▶</span>${words.readAloud[lang]}</button>
<details id="tech"></details></section>`,
  );
}
