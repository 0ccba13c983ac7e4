/**
 * The page markup without a browser: every verdict in both languages, the CSP hashes matching the inline
 * CSS/JS actually sent, the size budget, escaping of hostile values (property tests), and the preview SVG.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../functions/catalogue/index.js';
import { buildCatalogue } from '../../functions/core/catalogue/catalogue.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { VERDICTS, type Verification } from '../../functions/core/certificates/verify-licence.js';
import {
  type Lang,
  licencePage,
  licencePreviewSvg,
  licenceUnavailablePage,
  linkNotFoundPage,
  pageCsp,
  switchHref,
  uploadPage,
  verificationPage,
} from '../../functions/http/pages.js';

const verdicts = VERDICTS;
const links = { pdf: '/s/t/pdf', preview: '/s/t/preview.svg' };

function verification(verdict: Verification['verdict'], text = '湘药监械出〔2026〕第000002号'): Verification {
  return {
    verdict,
    checkedAt: '2026-03-01T02:00:00.000Z',
    certificate: {
      certificateId: 'CERT-1',
      number: text,
      type: `医疗器械出口销售证明${text}`,
      holderMasked: `张*丰${text}`,
      issuer: `湖南省药品监督管理局${text}`,
      issuedAt: '2026-03-01T02:00:00.000Z',
      validFrom: '2026-03-01',
      validUntil: '2028-02-28',
      status: 'VALID',
      revocationReason: `企业申请注销${text}`,
      supersededByNumber: text,
    },
    reasons: [{ code: verdict, message: `原因${text} / Reason ${text}` }],
  };
}

const everyPage = (lang: Lang) => [
  ...verdicts.map((v) => verificationPage(verification(v), lang, '/x')),
  ...verdicts.map((v) => licencePage(verification(v), lang, '/x', links)),
  uploadPage(lang, '/verify?lang=en', 10 * 1024 * 1024),
  linkNotFoundPage(lang, '/x'),
  licenceUnavailablePage(lang, '/x'),
];

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const tagCount = (html: string) => (html.match(/</g) ?? []).length;

describe('page markup', () => {
  it('names every inline script and style of every page by hash in the CSP, and allows nothing else', () => {
    const csp = pageCsp();
    const pages = [...everyPage('zh'), ...everyPage('en')];

    const inline = pages.flatMap((p) =>
      [...p.matchAll(/<(script|style)>([\s\S]*?)<\/\1>/g)].map((m) => ({
        kind: m[1],
        hash: sha(m[2] ?? ''),
      })),
    );

    expect(inline.length).toBeGreaterThan(pages.length * 2);
    for (const { kind, hash } of inline) expect(csp, kind).toContain(hash);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/default-src 'none'/);
    expect(pages.join('')).not.toMatch(/\son[a-z]+=|style="|https?:\/\//);
  });

  it('keeps every page under 50 KB and labels its language', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const html of everyPage(lang)) {
        expect(Buffer.byteLength(html)).toBeLessThan(50 * 1024);
        expect(html).toContain(`<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">`);
      }
    }
  });

  it('explains every non-valid verdict in plain words and leads the licence page with a banner when unusable', () => {
    for (const verdict of verdicts.filter((v) => v !== 'VALID')) {
      const html = verificationPage(verification(verdict), 'zh', '/x');
      expect(html, verdict).toMatch(/<p class="explain">[^<]{20,}<\/p>/);
    }
    expect(licencePage(verification('EXPIRED'), 'zh', '/x', links)).toContain('此证照已过期，不能再使用');
    expect(licencePage(verification('SUPERSEDED'), 'en', '/x', links)).toContain('role="alert"');
    expect(licencePage(verification('VALID'), 'zh', '/x', links)).not.toContain('role="alert"');
  });

  it('offers no download of a licence withheld from the holder, and says why', () => {
    for (const verdict of ['REVOKED', 'SUSPENDED', 'SUPERSEDED'] as const) {
      const html = licencePage(verification(verdict), 'zh', '/x', { ...links, pdf: undefined });
      expect(html, verdict).not.toMatch(/<a [^>]*download/);
      expect(html, verdict).toContain('不再提供下载');
      expect(html, verdict).toContain('role="alert"');
    }
    expect(licencePage(verification('VALID'), 'zh', '/x', links)).toMatch(/<a [^>]*download/);
  });

  it('says nothing of validity on the page of a stored file that failed its integrity check', () => {
    for (const lang of ['zh', 'en'] as const) {
      const html = licenceUnavailablePage(lang, '/x');
      expect(html).not.toMatch(/有效|[Vv]alid|download/);
      expect(html).toContain('role="alert"');
    }
  });

  it('escapes any value a licence or a reason carries (no markup can be injected)', () => {
    const baseline = tagCount(licencePage(verification('REVOKED', 'x'), 'zh', '/x', links));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (hostile) => {
        const html = licencePage(verification('REVOKED', `x${hostile}`), 'zh', '/x', links);
        expect(tagCount(html)).toBe(baseline);
      }),
    );
  });

  it('toggles lang in the switch link and keeps every other parameter', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((k) => k !== 'lang'),
          fc.string(),
        ),
        fc.constantFrom<Lang>('zh', 'en'),
        (query, lang) => {
          const href = switchHref('/verify/CERT-1', { ...query, lang }, lang);
          const url = new URL(href, 'http://127.0.0.1');
          expect(url.pathname).toBe('/verify/CERT-1');
          expect(url.searchParams.get('lang')).toBe(lang === 'zh' ? 'en' : null);
          for (const [k, v] of Object.entries(query)) expect(url.searchParams.get(k)).toBe(v);
        },
      ),
    );
  });
});

describe('licence preview', () => {
  const item = buildCatalogue(catalogueFiles).require('MEDICAL_DEVICE_EXPORT_CERT');
  const record = (name: string, extra: string): CertificateRecord =>
    ({
      certificateId: 'CERT-1',
      number: '湘药监械出〔2026〕第000002号',
      identifier: '1.2.156.3005.2.X',
      holder: { name, idNumber: '11010519491231002X', organization: `湖南康达医疗器械有限公司${extra}` },
      fields: Object.fromEntries(item.certificate.fieldLabels.map((f) => [f.key, `${f.label}${extra}`])),
      issuedAt: '2026-03-01T02:00:00.000Z',
      validFrom: '2026-03-01',
      validUntil: '2028-02-28',
    }) as CertificateRecord;

  it('draws the licence with the holder masked, the ID number masked and the QR', () => {
    const svg = licencePreviewSvg(
      record('欧阳娜娜', ''),
      item.certificate,
      'http://127.0.0.1/verify/CERT-1?code=A',
    );

    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('欧*娜');
    expect(svg).not.toContain('欧阳娜娜');
    expect(svg).toContain('110***********002X');
    expect(svg).not.toContain('11010519491231002X');
    expect(svg).toContain(item.certificate.name);
    expect(svg).toMatch(/<path d="(M\d+ \d+h\d+v1h-\d+z){50,}"/);
    expect(Buffer.byteLength(svg)).toBeLessThan(40 * 1024);
  });

  it('escapes any field value in the SVG', () => {
    const url = 'http://127.0.0.1/verify/CERT-1?code=A';
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (hostile) => {
        const svg = licencePreviewSvg(record('张三丰', `x${hostile}`), item.certificate, url);
        expect(svg).not.toMatch(/<(?!\/?(svg|title|rect|g|text|line|path|circle|polygon|textPath)[\s>])/);
      }),
      { numRuns: 60 },
    );
  });
});
