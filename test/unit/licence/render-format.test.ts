import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChineseDate,
  formatFieldValue,
  isoShanghaiDate,
  maskIdNumber,
  maskName,
} from '../../../functions/core/licence/render/format.js';

describe('licence value formatting', () => {
  it('prints dates as the calendar day in Asia/Shanghai', () => {
    // Prepare: 16:00 UTC is already midnight of the next day in Beijing.
    const lateUtc = new Date('2026-03-25T16:00:00Z');
    const earlyUtc = new Date('2026-03-25T15:59:59Z');
    // Act / Assess
    expect(formatChineseDate(lateUtc)).toBe('2026年3月26日');
    expect(formatChineseDate(earlyUtc)).toBe('2026年3月25日');
    expect(isoShanghaiDate(lateUtc)).toBe('2026-03-26');
  });

  it('masks an 18-character ID number as 430***********1234', () => {
    expect(maskIdNumber('430102199001011234')).toBe('430***********1234');
    expect(maskIdNumber('43010219900101123X')).toBe('430***********123X');
  });

  it('keeps only the first 3 and last 4 characters of any long ID and its length (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9X]{10,24}$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked.length).toBe(id.length);
        expect(masked.slice(0, 3)).toBe(id.slice(0, 3));
        expect(masked.slice(-4)).toBe(id.slice(-4));
        expect(masked.slice(3, -4)).toMatch(/^\*+$/);
      }),
    );
  });

  it('masks names as 张*三, counting rare characters outside the BMP as one character', () => {
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳喆堃')).toBe('欧*堃');
    expect(maskName('李𠇔')).toBe('李*');
    expect(maskName('𠇔喆𠇔')).toBe('𠇔*𠇔');
    expect(maskName('王')).toBe('*');
  });

  it('prints field values: arrays joined with 、, booleans as 是/否, missing as —', () => {
    expect(formatFieldValue(['食用油', '调味品'])).toBe('食用油、调味品');
    expect(formatFieldValue(12.5)).toBe('12.5');
    expect(formatFieldValue(true)).toBe('是');
    expect(formatFieldValue(undefined)).toBe('—');
    expect(formatFieldValue([{ plate: '湘A12345', axles: 6 }])).toBe('湘A12345 6');
  });
});
