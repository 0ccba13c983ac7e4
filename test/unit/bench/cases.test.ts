/**
 * The bench prepares its cases over HTTP; a form the catalogue refuses stops `npm run bench` half-way (it did
 * when the credit-code rule arrived). The form it sends must pass the same checks a case creation runs.
 */
import { describe, expect, it } from 'vitest';
import { medicalForm } from '../../../bench/cases.js';
import { assertFormFits } from '../../../functions/core/cases/form-checks.js';
import { shippedCatalogue } from '../../support/fakes.js';

describe("the bench's medical-device export form", () => {
  it.each([1, 54])('fits the shipped catalogue with %i products, today and in a year', (products) => {
    const form = medicalForm(products);
    for (const now of [new Date(), new Date(Date.now() + 365 * 86_400_000)])
      expect(() => assertFormFits(shippedCatalogue(), 'MEDICAL_DEVICE_EXPORT_CERT', form, now)).not.toThrow();
  });
});
