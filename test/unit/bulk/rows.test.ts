/**
 * A bulk row is checked as a case's licence entry before any serial is taken; its error names the row and
 * never carries the row's values (personal data), and its identity is the same on every run.
 */
import { describe, expect, it } from 'vitest';
import { boundedLines } from '../../../functions/adapters/s3-bulk-objects.js';
import { isThrottling, retryDelaySeconds } from '../../../functions/core/bulk/backoff.js';
import { reservedRow, rowCertificateId, rowVerificationCode } from '../../../functions/core/bulk/identity.js';
import { MAX_ROW_BYTES } from '../../../functions/core/bulk/model.js';
import { parseRowLine, planRow } from '../../../functions/core/bulk/rows.js';
import { isDomainError } from '../../../functions/core/errors.js';
import { idPattern } from '../../../functions/core/ids.js';
import { daysFromToday } from '../../fixtures/cases.js';
import { ROAD, roadRow } from '../../integration/bulk/bulk-support.js';
import { shippedCatalogue } from '../../support/fakes.js';

const catalogue = shippedCatalogue();
const item = catalogue.require(ROAD);
const today = new Date(`${daysFromToday(0)}T02:00:00Z`);

describe('bulk rows', () => {
  it('plans a valid row with the template validity, as a case licence entry would be', () => {
    // Act
    const plan = planRow(catalogue, item, roadRow(1), 7, today);

    // Assess
    expect(isDomainError(plan)).toBe(false);
    if (isDomainError(plan)) return;
    expect(plan.validFrom).toBe(daysFromToday(0));
    expect(plan.holder.idNumber).toBe(roadRow(1).holder.idNumber);
  });

  it('names the row and the field path (not /certificates/0) and never echoes the values', () => {
    // Prepare
    const bad = { ...roadRow(1), fields: { ...roadRow(1).fields, enterpriseName: 42 } };

    // Act
    const error = planRow(catalogue, item, bad, 12, today);

    // Assess
    expect(isDomainError(error) && error.code).toBe('INVALID_FIELDS');
    if (!isDomainError(error)) return;
    expect(error.details?.row).toBe(12);
    expect(JSON.stringify(error.details)).not.toContain('/certificates/0');
    expect(JSON.stringify(error.details)).toContain('/fields/enterpriseName');
  });

  it('refuses a holder whose credit code fails its check character, and an ended validity', () => {
    const holder = planRow(
      catalogue,
      item,
      { ...roadRow(1), holder: { ...roadRow(1).holder, idNumber: '91430100MA4L01111X' } },
      3,
      today,
    );
    const ended = planRow(
      catalogue,
      item,
      { ...roadRow(1), validFrom: '2020-01-01', validUntil: '2020-12-31' },
      4,
      today,
    );
    expect(isDomainError(holder) && holder.code).toBe('INVALID_HOLDER');
    expect(isDomainError(ended) && ended.code).toBe('INVALID_VALIDITY');
  });

  it('fails a line that is not JSON, not a row, or too long as INVALID_ROW without its content', () => {
    const secret = '11010519491231002X';
    const cases = ['{not json', JSON.stringify({ holder: { name: secret } }), `"${'x'.repeat(20_000)}"`];
    for (const line of cases) {
      const error = parseRowLine(line, 9);
      expect(isDomainError(error) && error.code).toBe('INVALID_ROW');
      expect(JSON.stringify(isDomainError(error) ? error.details : {})).not.toContain(secret);
    }
  });

  it('counts the line limit in UTF-8 bytes: 6,000 Chinese characters (18,000 bytes) are too long', () => {
    const long = parseRowLine(`"${'湘'.repeat(6_000)}"`, 3);
    expect(isDomainError(long) && long.details).toMatchObject({ reason: 'TOO_LONG' });
    const short = parseRowLine(`"${'湘'.repeat(5_000)}"`, 3);
    expect(isDomainError(short) && short.details).not.toMatchObject({ reason: 'TOO_LONG' });
  });

  it('streams an upload as bounded lines: a giant line is cut past the limit, the lines around it are whole', async () => {
    const row = JSON.stringify(roadRow(1));
    async function* file() {
      yield Buffer.from(`${row}\r\n{"a":`);
      for (let i = 0; i < 512; i++) yield Buffer.alloc(64 * 1024, 0x78); // a 32 MiB line, in pieces
      yield Buffer.from(`}\n\n${row.slice(0, 10)}`);
      yield Buffer.from(`${row.slice(10)}`); // the last line without a newline, split across pieces
    }
    const lines: string[] = [];
    for await (const line of boundedLines(file(), MAX_ROW_BYTES)) lines.push(line);
    expect(lines.map((l) => l.length)).toEqual([row.length + 1, MAX_ROW_BYTES + 1, 0, row.length]);
    expect(lines[0]).toBe(`${row}\r`);
    expect(lines[3]).toBe(row);
    const tooLong = parseRowLine(lines[1] ?? '', 2);
    expect(isDomainError(tooLong) && tooLong.details).toMatchObject({ reason: 'TOO_LONG' });
  });

  it('derives the same certificate id and code for a row on every run, different ones for other rows and jobs', () => {
    const secret = 'a'.repeat(64);
    expect(rowCertificateId(secret, 5)).toBe(rowCertificateId(secret, 5));
    expect(rowCertificateId(secret, 5)).toMatch(idPattern('CERT'));
    expect(rowCertificateId(secret, 6)).not.toBe(rowCertificateId(secret, 5));
    expect(rowCertificateId('b'.repeat(64), 5)).not.toBe(rowCertificateId(secret, 5));
    expect(rowVerificationCode(secret, 5)).toHaveLength(26);
    expect(rowVerificationCode(secret, 5)).not.toBe(rowCertificateId(secret, 5).slice(5));
  });

  it("numbers a row from its chunk's reservation and its place among the valid rows", () => {
    const plan = planRow(catalogue, item, roadRow(1), 1, today);
    if (isDomainError(plan)) throw plan;
    const at = {
      secret: 'c'.repeat(64),
      row: 1,
      issuedAt: today.toISOString(),
      serialStart: 41,
      positionStart: 1,
      offset: 2,
    };
    const licence = reservedRow(item, plan, at);
    expect(licence.serial).toBe(43);
    expect(licence.statusList?.idx).toBe(2);
    expect(reservedRow(item, plan, at)).toEqual(licence);
  });

  it('backs a throttled chunk off exponentially (bounded), any other failure briefly', () => {
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(isThrottling(throttle)).toBe(true);
    expect(isThrottling(new Error('wrapped', { cause: throttle }))).toBe(true);
    expect(isThrottling(new Error('socket hang up'))).toBe(false);
    expect(retryDelaySeconds(1, true, 0.99)).toBeLessThan(retryDelaySeconds(4, true, 0));
    expect(retryDelaySeconds(50, true, 0.99)).toBeLessThanOrEqual(900);
    expect(retryDelaySeconds(3, false, 0.5)).toBe(10);
  });
});
