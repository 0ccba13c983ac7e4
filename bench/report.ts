/** docs/BENCH.md (the latest results table) and docs/COSTS.md, written from one run's results. */
import {
  costFloor,
  DYNAMO_BYTES_PER_LICENCE,
  LEAST_WRU_PER_LICENCE,
  PRICES,
  PRICES_AS_OF,
  totalUsd,
} from './costs.js';
import { type BenchResults, ms } from './results.js';

const TARGETS = {
  issueVsBareParts: 1.5,
  sealVsSignpdf: 0.15,
  verifyVsPdfsig: 0.2,
  batch54Seconds: 1,
  costPerMillionUsd: 30,
  costPerMillionUsdBatched: 24,
  issueThroughputVsSignpdf: 4,
  wruPerIssue: 10,
  wruPerBatchLicence: 5,
};

const mark = (value: number, target: number) => (value <= target ? '✅' : '❌');

function headline(r: BenchResults): string[] {
  return [
    '| figure | value | target |',
    '|---|---|---|',
    `| sealVsSignpdf (our B-LT render+seal — TSA + DSS — via local KMS / signpdf baseline B-B) | ${r.ratios.sealVsSignpdf} | ≤ ${TARGETS.sealVsSignpdf} ${mark(r.ratios.sealVsSignpdf, TARGETS.sealVsSignpdf)} |`,
    `| issueVsBareParts (HTTP issue of one licence / sum of bare parts) | ${r.ratios.issueVsBareParts} | ≤ ${TARGETS.issueVsBareParts} ${mark(r.ratios.issueVsBareParts, TARGETS.issueVsBareParts)} |`,
    `| verifyVsPdfsig (verifyUpload: signature + ledger, real adapters / pdfsig, per file) | ${r.ratios.verifyVsPdfsig} | ≤ ${TARGETS.verifyVsPdfsig} ${mark(r.ratios.verifyVsPdfsig, TARGETS.verifyVsPdfsig)} |`,
    `| batch54Seconds | ${r.batch54Seconds.toFixed(2)} | < ${TARGETS.batch54Seconds} ${mark(r.batch54Seconds, TARGETS.batch54Seconds)} |`,
    `| costPerMillionUsd (one request per licence; with the case's intake: ${r.costPerMillionUsdWithIntake}) | ${r.costPerMillionUsd} | ≤ ${TARGETS.costPerMillionUsd} ${mark(r.costPerMillionUsd, TARGETS.costPerMillionUsd)} |`,
    `| costPerMillionUsdBatched (54 licences per request) | ${r.costPerMillionUsdBatched} | ≤ ${TARGETS.costPerMillionUsdBatched} ${mark(r.costPerMillionUsdBatched, TARGETS.costPerMillionUsdBatched)} |`,
    ...(r.ratios.issueThroughputVsSignpdf !== undefined
      ? [
          `| issueThroughputVsSignpdf (concurrent HTTP issues/s ÷ signpdf render+sign/s on all cores) | ${r.ratios.issueThroughputVsSignpdf} | ≥ ${TARGETS.issueThroughputVsSignpdf} ${r.ratios.issueThroughputVsSignpdf >= TARGETS.issueThroughputVsSignpdf ? '✅' : '❌'} |`,
        ]
      : []),
    `| peak RSS, runtime / bench process (MiB) | ${r.peakRssMiB.runtime} / ${r.peakRssMiB.bench} | |`,
  ];
}

function details(r: BenchResults): string[] {
  const s = r.seal;
  const b = r.bareParts;
  const h = r.http;
  const v = r.verification;
  return [
    '| measurement (median / p95 ms) | value |',
    '|---|---|',
    `| ours, render only | ${ms(s.oursKms.render)} |`,
    `| ours, render + seal, KMS adapter → local KMS endpoint | ${ms(s.oursKms.total)} |`,
    `| ours, render + seal, in-process node:crypto signer | ${ms(s.oursInProcess.total)} |`,
    `| signpdf baseline, render only | ${ms(s.signpdf.render)} |`,
    `| signpdf baseline, render + placeholder + save + sign | ${ms(s.signpdf.total)} |`,
    `| bare: render one licence to bytes | ${ms(b.render)} |`,
    `| bare: RSA-3072 signature (node:crypto) | ${ms(b.rsaSign)} |`,
    `| bare: dynalite put, into the runtime's storage (in the ratio) | ${ms(b.dynamoPut)} |`,
    `| bare: s3rver put (${s.oursKms.bytes} B), into the runtime's storage (in the ratio) | ${ms(b.s3Put)} |`,
    `| bare: dynalite put / s3rver put, into storage in the bench's own thread | ${ms(b.dynamoPutInThread)}; ${ms(b.s3PutInThread)} |`,
    `| HTTP issue, one licence, sequential (n=${h.issueSequential.n}) | ${ms(h.issueSequential)} |`,
    `| HTTP issue, ${h.issueConcurrent.clients} concurrent clients (n=${h.issueConcurrent.n}, ${h.issueConcurrent.licencesPerSecond} licences/s) | ${ms(h.issueConcurrent)} |`,
    `| HTTP issue, 54-licence batch (s, runs) | ${h.batch54.runsSeconds.map((x) => x.toFixed(2)).join(', ')} |`,
    `| GET /verify JSON, ${h.verifyByCode.clients} clients (${h.verifyByCode.requestsPerSecond} req/s, n=${h.verifyByCode.n}) | ${ms(h.verifyByCode)} |`,
    `| verify upload: verifyUpload (signature + ledger, real adapters; in the ratio) (${v.files} issued licences) | ${ms(v.ours)} |`,
    `| verify upload: verifyPdfSignature alone | ${ms(v.signatureOnly)} |`,
    `| verify upload over HTTP (POST /v1/verifications, after each pdfsig run) | ${ms(v.oursOverHttp)} |`,
    `| pdfsig per file (${v.pdfsigValid}/${v.files} "Signature is Valid.") | ${ms(v.pdfsig)} |`,
    ...(v.corpus
      ? [
          `| pyHanko corpus (${v.corpus.files} files): verifyPdfSignature | ${ms(v.corpus.ours)} |`,
          `| pyHanko corpus: pdfsig | ${ms(v.corpus.pdfsig)} |`,
        ]
      : []),
  ];
}

function timelineTable(r: BenchResults): string[] {
  const t = r.issueTimeline;
  return [
    `The ${t.issues} sequential HTTP issues (${ms(t.request)} ms median / p95) from the storage side: each spent`,
    `${ms(t.storageBusy)} ms with at least one storage request running, in a median of ${t.sequentialCalls}`,
    'storage requests one after another (overlapping ones counted once); the rest is the runtime’s own work',
    '(HTTP, SDK, render, seal). Server-side times per request:',
    '',
    '| storage request | per issue | server ms (median / p95) |',
    '|---|---|---|',
    ...t.operations.map((o) => `| ${o.operation} | ${o.callsPerIssue} | ${ms(o.server)} |`),
  ];
}

function bundleTable(r: BenchResults): string[] {
  if ('skipped' in r.bundles) return [`Bundles: not measured (${r.bundles.skipped}).`];
  return [
    '| function | bundle bytes (fonts apart) | cold init ms (median / p95) | node process wall ms |',
    '|---|---|---|---|',
    ...r.bundles.map(
      (b) =>
        `| ${b.function} | ${b.bytes.toLocaleString('en')} ${b.bytes <= 1.5 * 1024 * 1024 ? '✅' : '❌ > 1.5 MB'} | ${b.coldInitMs} / ${b.coldInitP95Ms} ${b.coldInitMs <= 300 ? '✅' : '❌'} | ${b.processWallMs} |`,
    ),
  ];
}

function profileTable(r: BenchResults): string[] {
  if ('skipped' in r.profile) return [`Profile: not taken (${r.profile.skipped}).`];
  const p = r.profile;
  return [
    `CPU profile (\`node --cpu-prof\`) of ${p.iterations} render+seal runs with an in-process signer, ${p.sampledMs} ms sampled (after warm-up; start-up left out). Self time:`,
    '',
    '| module | ms | % |',
    '|---|---|---|',
    ...p.topModules.map((e) => `| ${e.name} | ${e.selfMs} | ${e.share} |`),
    '',
    '| function | ms | % |',
    '|---|---|---|',
    ...p.topFunctions.map((e) => `| \`${e.name}\` | ${e.selfMs} | ${e.share} |`),
  ];
}

/** The whole docs/BENCH.md. */
export function benchMarkdown(r: BenchResults): string {
  const m = r.machine;
  return [
    '# Benchmark results (written by `npm run bench`)',
    '',
    `Run ${r.generatedAt} on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}/${m.arch}).`,
    'Every ratio compares figures measured in the same run. Machine load from other processes is not controlled;',
    `CPU time stolen by the hypervisor during the run: ${m.cpuStealPercent ?? 'unknown'} % (Linux /proc/stat).`,
    '',
    ...headline(r),
    '',
    '## Details',
    '',
    ...details(r),
    '',
    '## Where an issue waits',
    '',
    ...timelineTable(r),
    '',
    '## Lambda bundles',
    '',
    ...bundleTable(r),
    '',
    '## Where render + seal spends its time',
    '',
    ...profileTable(r),
    '',
    '## Token status list (one list, 2^20 licences)',
    '',
    ...statusListTable(r),
    '',
    '## Notes',
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** What the metered pass counted, per step. */
function usageTable(r: BenchResults): string[] {
  type StepKey = 'intakePerCase' | 'issueSingle' | 'issueBatchPerLicence' | 'verifyByCode' | 'download';
  const steps: Array<[string, StepKey]> = [
    ['intake of one case (create, 4 uploads, submit, decision)', 'intakePerCase'],
    ['issue one licence (one request)', 'issueSingle'],
    ['issue: one licence of a 54-licence request', 'issueBatchPerLicence'],
    ['QR verification (`GET /verify/{id}?code=`)', 'verifyByCode'],
    ['PDF download', 'download'],
  ];
  return [
    '| step | DynamoDB WRU | DynamoDB RRU | S3 PUT | S3 GET | KMS Sign | HTTP requests |',
    '|---|---|---|---|---|---|---|',
    ...steps.map(([name, key]) => {
      const u = r.usage[key];
      return `| ${name} | ${u.writeUnits} | ${u.readUnits} | ${u.s3Puts} | ${u.s3Gets} | ${u.kmsSigns} | ${u.httpRequests} |`;
    }),
    ...(r.usage.statsPerLicence
      ? (
          [
            [
              'statistics aggregator, per licence issued alone (off the request path)',
              r.usage.statsPerLicence,
            ],
            ['statistics aggregator, per licence of a 54-licence case', r.usage.statsPerBatchLicence],
          ] as const
        ).map(
          ([name, u]) =>
            `| ${name} | ${u.writeUnits} | ${u.readUnits} | 0 | 0 | 0 | ${u.invocations} invocations |`,
        )
      : []),
    '',
    `The statistics aggregator's figures are what it wrote for the whole life of the cases (intake and issue) whose ` +
      'change records one stream batch carried (the metered pass holds the feed and flushes it once per group of ' +
      'cases), divided by their licences: a batch updates each counter it touches once, so the busier the table, the ' +
      'less a licence carries. KMS requests of the QR data keys (Decrypt, one per process and period): ' +
      `${r.usage.kmsDataKeyRequestsPerLicence ?? 'n/a'} per licence in this pass (its one runtime over its few licences; on AWS one per cold start and 30 days).`,
    '',
    'Where the write units of an issue go (table and kind of write; medians, per licence for the batch):',
    '',
    '| step | WRU by table |',
    '|---|---|',
    ...steps.slice(1, 3).map(([name, key]) => {
      const parts = Object.entries(r.usage[key].writeUnitsByTable ?? {}).map(([t, v]) => `${t} ${v}`);
      return `| ${name} | ${parts.join('; ') || 'n/a'} |`;
    }),
  ];
}

/** The total of `lines` without their DynamoDB lines. */
const withoutDynamo = (lines: BenchResults['costs']['lines']) =>
  totalUsd(lines.filter((l) => !l.item.startsWith('DynamoDB')));

/** The whole docs/COSTS.md. */
export function costsMarkdown(r: BenchResults): string {
  const rows = (lines: BenchResults['costs']['lines'], per = 'licence') => [
    `| item | quantity per ${per} | unit price (US$) | US$ per million ${per}s |`,
    '|---|---|---|---|',
    ...lines.map(
      (l) =>
        `| ${l.item} | ${Number(l.quantityPerLicence.toPrecision(4))} | ${l.price.usd.toPrecision(4)} per ${l.price.unit} | ${l.usdPerMillion.toFixed(2)} |`,
    ),
  ];
  const kmsAndPut = PRICES.kmsAsymmetricRequest.usd * 1e6 + PRICES.s3Put.usd * 1e6;
  return [
    '# Cost model (written by `npm run bench`)',
    '',
    `Measured ${r.generatedAt} on ${r.machine.cpuModel} (${r.machine.cores} cores); prices: ${PRICES_AS_OF}.`,
    'cn-north-1 (Beijing) and cn-northwest-1 are priced in CNY on amazonaws.cn and were not available to this',
    'bench; the us-east-1 figures are the reference. Free tiers are ignored.',
    '',
    'Per licence: one issue request, one PDF download and one QR verification (each one Lambda invocation and one',
    'HTTP API request), one KMS Sign, one S3 PUT and one GET, one month of storage. Lambda durations are the',
    'medians measured over HTTP on the local runtime (an upper bound: they include the local gateway), billed at',
    'the memory the CDK stack configures (lib/permissions.ts).',
    '',
    '## What each step consumes (counted, not estimated)',
    '',
    "The bench's metered pass runs each step on a local runtime whose DynamoDB gateway meters request units as",
    'DynamoDB on-demand bills them — a write per started KB of the larger of the item before and after, twice in a',
    'transaction, plus a write of its copy in every global secondary index whose copy changes; a read per started',
    '4 KB, half when eventually consistent (bin/local/dynamo-metering.ts) — and whose storage thread counts the S3',
    'and KMS requests (medians over the repetitions):',
    '',
    ...usageTable(r),
    '',
    `## One request per licence: **US$ ${r.costPerMillionUsd} per million licences**`,
    '',
    ...rows(r.costs.lines),
    '',
    `## 54 licences per request (the batch path): **US$ ${r.costPerMillionUsdBatched} per million licences**`,
    '',
    ...rows(r.costs.batchedLines),
    '',
    ...floorSection(r),
    ...bulkSection(r),
    `## The case before the licence: **US$ ${totalUsd(r.costs.intakeLines)} per million cases**`,
    '',
    "A licence of a one-licence case also carries its case's intake; with it, one licence costs",
    `**US$ ${r.costPerMillionUsdWithIntake} per million**. Material storage is left out (it depends on what`,
    'applicants upload and on the retention the stack configures).',
    '',
    ...rows(r.costs.intakeLines, 'case'),
    '',
    '## Not included',
    '',
    `- Fixed: KMS keys ${PRICES.kmsKeyMonth.usd * 2} US$/month (seal + root key), CloudWatch logs and alarms, WAF.`,
    `- DynamoDB storage per licence is an estimate from the item sizes (${DYNAMO_BYTES_PER_LICENCE} B).`,
    '- SMS (separately): China mainland SMS is billed per message by the SMS provider; at p US$ per message a',
    '  million licences with one SMS each cost p × 10⁶ US$ (e.g. p = 0.006 → US$ 6,000), which is far above',
    '  everything else here.',
    '- KMS Sign dominates: an RSA_3072 (or ECC) Sign is billed at the asymmetric rate; RSA_2048 keys are billed at',
    '  0.03 US$ per 10,000 requests and would cut that line by 80 %. With RSA_3072, the Sign and the PUT of the',
    `  PDF alone cost US$ ${kmsAndPut} per million licences. Without any DynamoDB cost, one licence per request`,
    `  comes to US$ ${withoutDynamo(r.costs.lines)} and a 54-licence batch to US$ ${withoutDynamo(r.costs.batchedLines)}; every licence`,
    '  also needs at least its ledger record and its audit entry written (≥ 2 WRU, US$ 1.25 per million).',
    '',
    `Sources: ${[...new Set(Object.values(PRICES).map((p) => p.source))].join(', ')}`,
    '',
  ].join('\n');
}

/**
 * Issue 19's cost targets beside what the lines can come down to: at the write-unit target with the rest as
 * measured, and at the floor (no Lambda time, no reads, the least write units a licence needs).
 */
function floorSection(r: BenchResults): string[] {
  const rows = [
    {
      name: 'one request per licence',
      lines: r.costs.lines,
      target: TARGETS.costPerMillionUsd,
      wru: TARGETS.wruPerIssue,
    },
    {
      name: '54 licences per request',
      lines: r.costs.batchedLines,
      target: TARGETS.costPerMillionUsdBatched,
      wru: TARGETS.wruPerBatchLicence,
    },
  ].map(({ name, lines, target, wru }) => {
    const f = costFloor(lines);
    const usd = (value: number) => `${value.toFixed(2)} ${mark(value, target)}`;
    return `| ${name} | ≤ ${target} | ${usd(f.measuredUsd)} | ${usd(f.atWruUsd(wru))} (${wru} WRU) | ${usd(f.floorUsd)} |`;
  });
  return [
    '## The cost targets against their floor',
    '',
    'US$ per million licences. "At the WRU target": these lines with the write units of issue 19\'s target',
    'instead of the metered ones (aggregator included), everything else as measured. "Floor": no Lambda time, no',
    `reads, ${LEAST_WRU_PER_LICENCE} write units (the ledger record and the audit entry), and what every licence`,
    'pays as the model counts it — the RSA-3072 Sign, the PUT and a month of storage of its PDF, the requests of',
    'its issue, its download and its QR check. A target under the floor cannot be met by engineering the',
    'storage; it needs a cheaper seal key (an RSA_2048 Sign costs a fifth) or another model.',
    '',
    '| path | target | measured | at the WRU target | floor |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** Bulk issuance: the measured figures, and where the capacity model of a million rows is (docs/BULK.md). */
function bulkSection(r: BenchResults): string[] {
  const b = r.bulk;
  return [
    '## Bulk issuance (存量证照电子化): see [BULK.md](BULK.md)',
    '',
    'Time and cost of 1,000,000 licences at the default KMS Sign quota and with a raised one: docs/BULK.md.',
    ...(b
      ? [
          `This run: a ${b.rows}-row job at ${b.licencesPerSecond} licences/s on the local runtime (floor ${b.cpuFloorPerSecond}/s,`,
          `bulkVsCpuFloor ${r.ratios.bulkVsCpuFloor}); one bulk licence: ${b.usage.writeUnits} WRU, ${b.usage.readUnits} RRU,`,
          `${b.usage.s3Puts} S3 PUT, ${b.usage.kmsSigns} KMS Sign (metered, ${b.usage.rows} rows).`,
        ]
      : []),
    '',
  ];
}

/** The size of one full status list with a realistic share of licences not in force. */
function statusListTable(r: BenchResults): string[] {
  const s = r.statusList;
  if (!s) return ['Not measured in this run.'];
  return [
    `${s.entries.toLocaleString('en')} entries of 2 bits, ${s.revokedPercent} % revoked and ${s.suspendedPercent} % suspended at random positions:`,
    '',
    '| raw list | compressed (`lst`, zlib) | signed JWT | build (encode + compress + ES256) | JWT if every entry were random |',
    '|---|---|---|---|---|',
    `| ${s.rawBytes.toLocaleString('en')} B | ${s.compressedBytes.toLocaleString('en')} B | ${s.jwtBytes.toLocaleString('en')} B | ${s.buildMs} ms | ${s.worstCaseJwtBytes.toLocaleString('en')} B |`,
  ];
}
