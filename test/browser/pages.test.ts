/**
 * The citizen's and the verifier's pages in real Chromium (Debian `chromium`, driven by playwright-core),
 * served by the local runtime: both viewports with screenshots, no console errors, no request leaving
 * 127.0.0.1, axe-core clean of serious/critical violations, the 大字 switch, read-aloud, the English switch,
 * a tampered upload, a revoked licence.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, medicalForm } from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/browser skipped: ${CHROMIUM} is missing (Debian package "chromium")`);

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = path.join(root, 'test-artifacts', 'browser');
const docsShots = path.join(root, 'docs', 'screenshots');
const viewports = [
  { name: '360', width: 360, height: 740 },
  { name: '1280', width: 1280, height: 800 },
] as const;

let runtime: RunningRuntime;
let context: BrowserContext;
let profile: string;
const requests: string[] = [];
const consoleErrors: string[] = [];
const fixtures = { licenceLink: '', revokedLink: '', verifyUrl: '', tamperedPdf: '', holder: '' };

async function issueLicence(api: ReturnType<typeof apiClient>, mobile: string) {
  const created = await api('POST', '/v1/cases', {
    json: {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant: { ...applicant, organization: '湖南康达医疗器械有限公司' },
      form: medicalForm(1),
    },
  });
  const caseId = created.body.caseId as string;
  for (const code of ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST']) {
    await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: await makePdf(`${caseId}/${code}`),
      contentType: 'application/pdf',
    });
  }
  await api('POST', `/v1/cases/${caseId}/submit`);
  await api('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '药品监督管理', decision: 'APPROVE' },
  });
  const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: { notify: { mobile } } });
  expect(issued.status, issued.text).toBe(201);
  const sms = (await api('GET', '/local/sms')).body.messages
    .filter((m: { to: string }) => m.to === mobile)
    .at(-1);
  return { certificate: issued.body.certificates[0], link: sms.link as string };
}

beforeAll(async () => {
  if (!hasChromium) return;
  runtime = await startRuntime();
  const api = apiClient(runtime.url, runtime.apiKey);
  const [valid, revoked] = await Promise.all([
    issueLicence(api, '13900000001'),
    issueLicence(api, '13900000002'),
  ]);
  await api('POST', `/v1/certificates/${revoked.certificate.certificateId}/revoke`, {
    json: { reason: '企业申请注销' },
  });
  const pdf = await fetch(`${valid.link}/pdf`).then(async (r) => new Uint8Array(await r.arrayBuffer()));
  // One changed byte inside the signed range: the seal no longer matches the file.
  const tampered = Uint8Array.from(pdf);
  tampered[tampered.indexOf(0x42 /* B */, 2000)] = 0x43;
  profile = await mkdtemp(path.join(tmpdir(), 'zz-chromium-'));
  fixtures.tamperedPdf = path.join(profile, '篡改的证照.pdf');
  await writeFile(fixtures.tamperedPdf, tampered);
  Object.assign(fixtures, {
    licenceLink: valid.link,
    revokedLink: revoked.link,
    verifyUrl: valid.certificate.verifyUrl,
    holder: applicant.name,
  });
  await mkdir(artifacts, { recursive: true });
  await mkdir(docsShots, { recursive: true });
  context = await chromium.launchPersistentContext(path.join(profile, 'user-data'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.on('request', (r) => requests.push(r.url()));
  context.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.page()?.url()}: ${m.text()}`);
  });
  context.on('weberror', (e) => consoleErrors.push(String(e.error())));
}, 90_000);

afterAll(async () => {
  await context?.close();
  await runtime?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

const axeSource = () => readFile(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's serious and critical findings (evaluated over CDP, so the page's CSP does not block it). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource());
  const found = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: { id: string; impact: string; nodes: unknown[] }) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }));
  });
  return found
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; nodes: number }) => `${v.id} (${v.nodes})`);
}

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // The README's copies change only on request, so a test run leaves the working tree clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') await copyFile(file, path.join(docsShots, `${name}.png`));
}

async function open(url: string, width: number, height: number): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  expect((await response?.body())?.byteLength).toBeLessThan(50 * 1024);
  return page;
}

/** The page fits the viewport width: nothing scrolls sideways on a phone. */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!hasChromium)('public pages in Chromium', () => {
  for (const vp of viewports) {
    it(`shows a valid licence with its preview, download and no a11y problems at ${vp.width}px`, async () => {
      const page = await open(fixtures.licenceLink, vp.width, vp.height);
      await page.waitForFunction(
        () => (document.querySelector('.preview img') as HTMLImageElement)?.complete,
      );

      const status = await page.locator('.status').first().textContent();
      const previewWidth = await page
        .locator('.preview img')
        .evaluate((i) => (i as HTMLImageElement).naturalWidth);
      const download = await page.locator('a[download]').getAttribute('href');
      const tapHeights = await page
        .locator('button:visible, a:visible, summary')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      const text = await page.locator('body').textContent();
      await shoot(page, `licence-${vp.name}`);

      expect(status).toContain('有效');
      expect(previewWidth).toBeGreaterThan(0);
      expect(download).toMatch(/\/s\/[^/]+\/pdf$/);
      expect(Math.min(...tapHeights)).toBeGreaterThanOrEqual(44);
      expect(text).not.toContain(fixtures.holder);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });

    it(`explains a revoked licence prominently at ${vp.width}px`, async () => {
      const page = await open(fixtures.revokedLink, vp.width, vp.height);

      const banner = await page.locator('[role=alert]').textContent();
      const stamp = await page.locator('.preview').getAttribute('data-stamp');
      const reason = await page.locator('dl').textContent();
      await shoot(page, `revoked-${vp.name}`);

      expect(banner).toContain('已撤销');
      expect(stamp).toBe('已撤销');
      expect(reason).toContain('企业申请注销');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });

    it(`shows the QR verification verdict at ${vp.width}px, and an unknown code in plain words`, async () => {
      const page = await open(fixtures.verifyUrl, vp.width, vp.height);
      const valid = await page.locator('.status').textContent();
      await shoot(page, `verify-qr-${vp.name}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(fixtures.verifyUrl.replace(/code=[^&]+/, 'code=WRONG'));
      const unknown = await page.locator('#summary').textContent();

      expect(valid).toContain('有效');
      expect(unknown).toContain('未找到');
      expect(unknown).toContain('请检查二维码或链接是否完整');
      await page.close();
    });

    it(`shows 被篡改 for a tampered PDF chosen on /verify at ${vp.width}px`, async () => {
      const page = await open(`${runtime.url}/verify`, vp.width, vp.height);
      expect(await seriousViolations(page)).toEqual([]);

      await page.locator('#file').setInputFiles(fixtures.tamperedPdf);
      await page.locator('#result .status', { hasText: '被篡改' }).waitFor();
      const result = await page.locator('#result').textContent();
      await shoot(page, `verify-upload-${vp.name}`);

      expect(result).toContain('盖章之后被改动过');
      expect(result).toContain('篡改的证照.pdf');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('shows 被篡改 for a tampered PDF dropped on /verify', async () => {
    const page = await open(`${runtime.url}/verify`, 1280, 800);
    const bytes = (await readFile(fixtures.tamperedPdf)).toString('base64');

    await page.evaluate((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'dropped.pdf', { type: 'application/pdf' }));
      document
        .getElementById('zone')
        ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
    }, bytes);
    await page.locator('#result .status', { hasText: '被篡改' }).waitFor();

    expect(await page.locator('#result').textContent()).toContain('dropped.pdf');
    await page.close();
  });

  it('enlarges the text with the 大字 switch and remembers it', async () => {
    const page = await open(fixtures.licenceLink, 360, 740);
    const size = () =>
      page
        .locator('dd')
        .first()
        .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    const before = await size();

    await page.locator('#big').click();
    const after = await size();
    await page.reload();
    const reloaded = await size();
    const pressed = await page.locator('#big').getAttribute('aria-pressed');
    await shoot(page, 'licence-large-type-360');
    await page.locator('#big').click();

    expect(before).toBeGreaterThanOrEqual(18);
    expect(after).toBeGreaterThan(before * 1.2);
    expect(reloaded).toBe(after);
    expect(pressed).toBe('true');
    await page.close();
  });

  it('reads the summary aloud in Chinese and switches the page to English', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.addInitScript(() => {
      // Headless Chromium has no voices: record what would be spoken instead.
      speechSynthesis.speak = (u: SpeechSynthesisUtterance) =>
        ((window as any).spoken = { text: u.text, lang: u.lang });
    });
    await page.goto(fixtures.licenceLink);

    await page.locator('#speak').click();
    const spoken = await page.evaluate(() => (window as any).spoken);
    await page.locator('a[hreflang=en]').click();
    await page.waitForURL(/lang=en/);
    const lang = await page.locator('html').getAttribute('lang');
    const status = await page.locator('.status').textContent();
    await shoot(page, 'licence-english-360');

    expect(spoken.lang).toBe('zh-CN');
    expect(spoken.text).toContain('有效');
    expect(lang).toBe('en');
    expect(status).toContain('Valid');
    await page.close();
  });

  it('made no request beyond 127.0.0.1 and logged no console errors', () => {
    const foreign = requests.filter((u) => !/^(data:|http:\/\/127\.0\.0\.1[:/])/.test(u));

    expect(requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
