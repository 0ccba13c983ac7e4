/**
 * Bulk issuance on the local runtime: a job of `rows` rows uploaded as NDJSON (the presigned upload, the
 * streamed split, the worker_threads pool — every row rendered, sealed through the runtime's KMS endpoint with
 * its TSA's time-stamp, stored and recorded exactly as in production), timed from the POST to COMPLETED, and
 * held against the CPU floor: cores ÷ one licence's render + seal CPU time (measured here, in process, with an
 * in-process RSA-3072 signer). `ratios.bulkVsCpuFloor` = bulk licences/s ÷ that floor.
 *
 * Standalone: `npx tsx bench/bulk.ts [rows]` prints the figures as JSON (the full bench runs it too).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLicenceFonts } from '../functions/adapters/font-files.js';
import { createLicenceFactory } from '../functions/core/certificates/licence-factory.js';
import { createLicenceRenderer } from '../functions/core/licence/render/render-licence.js';
import { benchApi } from './http-client.js';
import { SIGNATURE_TEXT, sampleLicence } from './licence-sample.js';
import { startRuntimeProcess } from './runtime-process.js';
import { bootstrapBenchChain, createCryptoSealSigner } from './signers.js';

export interface BulkBench {
  rows: number;
  seconds: number;
  licencesPerSecond: number;
  cores: number;
  workerThreads: number;
  /** One licence's render + seal, CPU time of this process (in-process signer, B-B). */
  renderSealCpuMs: number;
  /** cores ÷ renderSealCpuMs: licences per second if every core did nothing but render and seal. */
  cpuFloorPerSecond: number;
  /** The runtime process's CPU time (all its threads: HTTP, storage, KMS, TSA, workers) per bulk licence. */
  runtimeCpuMsPerLicence: number;
}

/** CPU milliseconds of one render + seal, over `iterations` after a warm-up (the profile's loop). */
export async function measureRenderSealCpuMs(iterations: number): Promise<number> {
  const signer = createCryptoSealSigner();
  const chain = await bootstrapBenchChain(createCryptoSealSigner(), signer);
  const factory = createLicenceFactory({
    renderer: createLicenceRenderer(await loadLicenceFonts()),
    signer,
    chain: async () => [chain.seal, chain.root],
    ...SIGNATURE_TEXT,
  });
  for (let i = 0; i < 5; i++) await factory.produce(sampleLicence(i + 1), new Date());
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await factory.produce(sampleLicence(i + 10), new Date());
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / iterations;
}

/** utime + stime of a process (all its threads), in ms. */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

const row = (n: number) => ({
  holder: {
    type: 'ORGANIZATION',
    name: '湖南长大件物流有限公司',
    idType: '001',
    idNumber: '91430100MA4L01111G',
  },
  fields: {
    enterpriseName: '湖南长大件物流有限公司',
    creditCode: '91430100MA4L01111G',
    address: `湖南省长沙市雨花区示例路${n}号`,
    legalRepresentative: '李四',
    economicType: '有限责任公司',
    businessScope: '道路普通货物运输、大型物件运输',
  },
});

/** A bulk job of `rows` rows on a fresh local runtime under `dataDir`; the CPU floor from `renderSealCpuMs`. */
export async function measureBulk(
  dataDir: string,
  rows: number,
  renderSealCpuMs: number,
): Promise<BulkBench> {
  const runtime = await startRuntimeProcess(dataDir);
  try {
    const api = benchApi(runtime.url, runtime.apiKey);
    const upload = await api('POST', '/v1/bulk-issuances/uploads');
    if (upload.status !== 201) throw new Error(`upload URL: ${upload.status}`);
    const ndjson = Array.from({ length: rows }, (_, i) => JSON.stringify(row(i + 1))).join('\n');
    const put = await fetch(upload.json.uploadUrl, {
      method: 'PUT',
      headers: upload.json.headers,
      body: ndjson,
    });
    if (!put.ok) throw new Error(`upload: ${put.status}`);
    const cpuBefore = await processCpuMs(runtime.pid);
    const started = performance.now();
    const job = await api('POST', '/v1/bulk-issuances', {
      json: {
        serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
        basis: { reference: 'bench' },
        rowsUrl: upload.json.rowsUrl,
      },
    });
    if (job.status !== 202) throw new Error(`start: ${job.status} ${Buffer.from(job.bytes).toString()}`);
    let status: { status: string; issued: number; failed: number; total: number };
    for (;;) {
      status = (await api('GET', `/v1/bulk-issuances/${job.json.bulkId}`)).json;
      if (status.status !== 'RUNNING') break;
      // A client polling a long job: four times a second (each poll is a request the runtime serves).
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = (await processCpuMs(runtime.pid)) - cpuBefore;
    if (status.status !== 'COMPLETED' || status.issued !== rows)
      throw new Error(
        `bulk job ended ${status.status}: ${status.issued}/${rows} issued, ${status.failed} failed`,
      );
    const cores = availableParallelism();
    const licencesPerSecond = rows / seconds;
    const cpuFloorPerSecond = cores / (renderSealCpuMs / 1000);
    return {
      rows,
      seconds: Math.round(seconds * 100) / 100,
      licencesPerSecond: Math.round(licencesPerSecond * 10) / 10,
      cores,
      workerThreads: cores,
      renderSealCpuMs: Math.round(renderSealCpuMs * 10) / 10,
      cpuFloorPerSecond: Math.round(cpuFloorPerSecond * 10) / 10,
      runtimeCpuMsPerLicence: Math.round((cpuMs / rows) * 10) / 10,
    };
  } finally {
    await runtime.stop();
  }
}

/** What one bulk licence consumed on AWS's meters (the metered runtime; its share of the chunk and job work). */
export interface BulkUsage {
  rows: number;
  writeUnits: number;
  readUnits: number;
  s3Puts: number;
  s3Gets: number;
  kmsSigns: number;
  writeUnitsByTable: Record<string, number>;
}

/**
 * A bulk job of `rows` rows on a runtime whose DynamoDB gateway meters request units and whose storage thread
 * counts S3 and KMS requests (as the bench's metered pass): everything the storage answered from the POST to
 * COMPLETED, per licence (the status polls included: one read each).
 */
export async function meterBulk(dataDir: string, rows: number): Promise<BulkUsage> {
  const runtime = await startRuntimeProcess(dataDir, { metering: true });
  try {
    const api = benchApi(runtime.url, runtime.apiKey);
    const from = performance.timeOrigin + performance.now();
    const job = await api('POST', '/v1/bulk-issuances', {
      json: {
        serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
        basis: { reference: 'bench' },
        rows: Array.from({ length: rows }, (_, i) => row(i + 1)),
      },
    });
    if (job.status !== 202) throw new Error(`start: ${job.status}`);
    for (;;) {
      const status = (await api('GET', `/v1/bulk-issuances/${job.json.bulkId}`)).json;
      if (status.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const to = performance.timeOrigin + performance.now();
    const inside = (await runtime.storageTimings()).filter((t) => t.startMs >= from && t.startMs <= to);
    const per = (n: number) => Math.round((n / rows) * 1000) / 1000;
    const byTable: Record<string, number> = {};
    for (const t of inside)
      for (const part of (t.writeItems ?? '').split(',').filter(Boolean)) {
        const [table = '', units = '0'] = part.split('=');
        const name = `${table.replace(/^.*-/, '')} ${t.operation}`;
        byTable[name] = (byTable[name] ?? 0) + Number(units);
      }
    const count = (service: string, operation: string) =>
      inside.filter((t) => t.service === service && t.operation === operation).length;
    return {
      rows,
      writeUnits: per(inside.reduce((sum, t) => sum + (t.writeUnits ?? 0), 0)),
      readUnits: per(inside.reduce((sum, t) => sum + (t.readUnits ?? 0), 0)),
      s3Puts: per(count('s3', 'PUT object')),
      s3Gets: per(count('s3', 'GET object') + count('s3', 'HEAD object')),
      kmsSigns: per(count('kms', 'Sign')),
      writeUnitsByTable: Object.fromEntries(Object.entries(byTable).map(([k, v]) => [k, per(v)])),
    };
  } finally {
    await runtime.stop();
  }
}

/** bulk licences/s ÷ the CPU floor. */
export const bulkVsCpuFloor = (b: BulkBench): number =>
  Math.round((b.licencesPerSecond / b.cpuFloorPerSecond) * 1000) / 1000;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = Number(process.argv[2] ?? 2000);
  const cpuMs = await measureRenderSealCpuMs(30);
  const dir = await mkdtemp(path.join(tmpdir(), 'zz-bulk-bench-'));
  try {
    const result = await measureBulk(path.join(dir, 'timed'), rows, cpuMs);
    const usage = process.argv.includes('--meter')
      ? await meterBulk(path.join(dir, 'metered'), 198)
      : undefined;
    console.log(JSON.stringify({ ...result, bulkVsCpuFloor: bulkVsCpuFloor(result), usage }, null, 2));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
