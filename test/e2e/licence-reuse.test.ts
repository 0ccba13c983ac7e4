/**
 * The loop over HTTP against the local runtime (电子证照自动调取): a road transport business licence is
 * issued, prefills the oversize-transport form and fills its ROAD_TRANSPORT_BUSINESS_PERMIT material without
 * any upload; once revoked, the case's submit refuses it. Another client (another department's system) pulls
 * a licence only with the applicant's consentRef, and the pull is in the trail of the case and the licence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applicant,
  carrier,
  carrierApplicant,
  makePdf,
  makePng,
  medicalForm,
  roadForm,
  transportForm,
} from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

async function upload(client: typeof api, caseId: string, codes: string[]): Promise<void> {
  for (const code of codes) {
    const photo = code === 'VEHICLE_LOAD_PHOTOS';
    const res = await client('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: photo ? makePng(800, 1000, caseId.length + code.length) : await makePdf(`${caseId}/${code}`),
      contentType: photo ? 'image/png' : 'application/pdf',
    });
    expect(res.body.status, `${code}: ${res.text}`).toBe('ACCEPTED');
  }
}

/** A road transport business licence of the carrier, through the whole process. */
async function issueRoadLicence(): Promise<{ certificateId: string; number: string }> {
  const created = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE', applicant: carrierApplicant, form: roadForm },
  });
  expect(created.status, created.text).toBe(201);
  const caseId = created.body.caseId as string;
  await upload(api, caseId, [
    'APPLICATION_FORM',
    'LEGAL_REPRESENTATIVE_ID',
    'VEHICLE_DOCUMENTS',
    'DRIVER_QUALIFICATIONS',
    'SAFETY_MANAGEMENT_SYSTEM',
  ]);
  expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await api('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '交通运输', decision: 'APPROVE' },
  });
  expect(approved.body.status).toBe('APPROVED');
  const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
    json: { certificates: [{ fields: { businessScope: '道路普通货物运输、大型物件运输' } }] },
  });
  expect(issued.status, issued.text).toBe(201);
  const [licence] = issued.body.certificates;
  expect(licence).toMatchObject({ type: 'ROAD_TRANSPORT_BUSINESS_LICENCE', status: 'VALID' });
  expect(licence.holder).toMatchObject({ type: 'ORGANIZATION', name: carrier.name, idType: '001' });
  return { certificateId: licence.certificateId, number: licence.number };
}

const permitOf = (view: { checklist: Array<{ materialCode: string; status: string }> }) =>
  view.checklist.find((c) => c.materialCode === 'ROAD_TRANSPORT_BUSINESS_PERMIT');

describe('a licence of this system as the material of the next case', () => {
  it('prefills, fills the material without an upload, and refuses the case once the licence is revoked', async () => {
    const licence = await issueRoadLicence();

    // 预填: the carrier's name from its licence, with the source.
    const prefill = await api(
      'GET',
      `/v1/service-items/TRANSPORT_OVERSIZE_PERMIT/prefill?holderCreditCode=${carrier.creditCode}`,
    );
    expect(prefill.status, prefill.text).toBe(200);
    expect(prefill.body).toEqual({
      form: { carrierName: carrier.name },
      sources: { '/carrierName': { ...licence, field: 'enterpriseName' } },
    });

    // 自动调取 at case creation; the form leaves the carrier out and takes it from the licence.
    const { carrierName: _, ...formWithoutCarrier } = transportForm;
    const created = await api('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
        applicant: carrierApplicant,
        form: formWithoutCarrier,
        reuseLicences: true,
        prefill: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.form.carrierName).toBe(carrier.name);
    expect(permitOf(created.body)).toMatchObject({
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { certificateId: licence.certificateId, number: licence.number },
    });
    const caseId = created.body.caseId as string;
    await upload(api, caseId, [
      'APPLICATION_FORM',
      'VEHICLE_DOCUMENTS',
      'VEHICLE_LOAD_PHOTOS',
      'BRIDGE_TUNNEL_ASSESSMENT',
    ]);

    // The licence is revoked; the submit re-checks it.
    const revoked = await api('POST', `/v1/certificates/${licence.certificateId}/revoke`, {
      json: { reason: '经营许可被依法撤销' },
    });
    expect(revoked.body.status).toBe('REVOKED');
    const submit = await api('POST', `/v1/cases/${caseId}/submit`);
    expect(submit.status).toBe(422);
    expect(submit.body.error.code).toBe('MATERIALS_INCOMPLETE');
    expect(submit.body.error.details.rejected).toEqual([
      {
        materialCode: 'ROAD_TRANSPORT_BUSINESS_PERMIT',
        problems: [expect.objectContaining({ code: 'LICENCE_NOT_IN_FORCE' })],
      },
    ]);
    const after = await api('GET', `/v1/cases/${caseId}`);
    expect([after.body.status, permitOf(after.body)?.status]).toEqual(['DRAFT', 'REJECTED']);
    const trail = await api('GET', `/v1/audit?subject=${caseId}`);
    expect(trail.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['material.licence-pulled', 'material.licence-not-in-force']),
    );
  }, 120_000);

  it("lets another department's system pull the licence only with the applicant's consentRef, audited", async () => {
    const licence = await issueRoadLicence();
    const made = await api('POST', '/local/clients', {
      json: {
        clientId: 'county-transport',
        name: '县级交通运输审批系统',
        serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
        departments: ['交通运输'],
      },
    });
    expect(made.status, made.text).toBe(201);
    const county = apiClient(runtime.url, made.body.apiKey);
    const created = await county('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
        applicant: carrierApplicant,
        form: transportForm,
      },
    });
    const caseId = created.body.caseId as string;
    expect(permitOf(created.body)?.status).toBe('MISSING');
    const path = `/v1/cases/${caseId}/materials/ROAD_TRANSPORT_BUSINESS_PERMIT/licence`;

    const refused = await county('POST', path, { json: {} });
    const badRef = await county('POST', path, { json: { consentRef: 'x' } });
    const request = {
      json: { certificateId: licence.certificateId, consentRef: 'AUTH-2026-000123' },
      headers: { 'idempotency-key': `pull-${caseId}` },
    };
    const pulled = await county('POST', path, request);
    const replayed = await county('POST', path, request);

    expect([refused.status, refused.body.error.code]).toEqual([422, 'CONSENT_REQUIRED']);
    expect(badRef.status).toBe(400);
    expect(pulled.status, pulled.text).toBe(200);
    expect(pulled.body).toMatchObject({
      materialCode: 'ROAD_TRANSPORT_BUSINESS_PERMIT',
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { certificateId: licence.certificateId, number: licence.number },
    });
    expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(replayed.body).toEqual(pulled.body);
    // 用证留痕: on the case (the county's) and on the licence (the issuing client's trail), once.
    const onCase = await county('GET', `/v1/audit?subject=${caseId}`);
    expect(
      onCase.body.entries.filter((e: { action: string }) => e.action === 'material.licence-pulled'),
    ).toHaveLength(1);
    expect(onCase.body.entries.at(-1)).toMatchObject({
      actor: 'county-transport',
      action: 'material.licence-pulled',
      details: { certificateId: licence.certificateId, consentRef: 'AUTH-2026-000123', crossClient: true },
    });
    const onLicence = await api('GET', `/v1/audit?subject=${licence.certificateId}`);
    expect(onLicence.body.entries.at(-1)).toMatchObject({
      actor: 'county-transport',
      action: 'licence.used-as-material',
      details: { caseId, consentRef: 'AUTH-2026-000123' },
    });
  }, 120_000);

  it("fills an export case's production licence and enterprise from the medical device production licence", async () => {
    const enterprise = { name: '湖南康达医疗器械有限公司', creditCode: '91430100MA4L01111G' };
    const created = await api('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'MEDICAL_DEVICE_PRODUCTION_LICENSE',
        applicant,
        form: {
          enterpriseName: enterprise.name,
          creditCode: enterprise.creditCode,
          residence: '长沙市岳麓区麓谷大道100号',
          productionAddress: '长沙市望城区金星北路8号',
          legalRepresentative: '李四',
          enterpriseLeader: '王五',
          productionScope: 'Ⅱ类：14-注输、护理和防护器械',
          products: [{ name: '一次性使用无菌注射器', registrationNumber: '湘械注准20232140001' }],
          submittedByAgent: false,
        },
      },
    });
    expect(created.status, created.text).toBe(201);
    const caseId = created.body.caseId as string;
    await upload(api, caseId, [
      'REGISTRATION_CERTIFICATES',
      'LEGAL_REPRESENTATIVE_ID',
      'KEY_PERSONNEL',
      'PREMISES_DOCUMENTS',
      'EQUIPMENT_LIST',
      'QUALITY_SYSTEM_DOCUMENTS',
      'AFTER_SALES_CAPABILITY',
    ]);
    expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
    await api('POST', `/v1/cases/${caseId}/decisions`, {
      json: { department: '药品监督管理', decision: 'APPROVE' },
    });
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: { certificates: [{}] } });
    expect(issued.status, issued.text).toBe(201);
    const [licence] = issued.body.certificates;
    expect(licence.holder).toMatchObject({ type: 'ORGANIZATION', name: enterprise.name });

    const { address: _a, productionLicenceNumber: _n, ...sent } = medicalForm(1);
    const exportCase = await api('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
        applicant,
        form: sent,
        reuseLicences: true,
        prefill: true,
      },
    });

    expect(exportCase.status, exportCase.text).toBe(201);
    expect(exportCase.body.form).toMatchObject({
      address: '长沙市望城区金星北路8号',
      productionLicenceNumber: licence.number,
    });
    expect(
      exportCase.body.checklist.find(
        (c: { materialCode: string }) => c.materialCode === 'PRODUCTION_LICENCE',
      ),
    ).toMatchObject({
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { certificateId: licence.certificateId },
    });
  }, 120_000);
});
