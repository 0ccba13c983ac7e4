import { describe, expect, it } from 'vitest';
import type { AppDependencies } from '../../../functions/composition.js';
import { DomainError } from '../../../functions/core/errors.js';
import { jobNames, runJob } from '../../../functions/handlers/job-runner.js';

describe('job runner', () => {
  // An unknown name is refused before any dependency is used.
  const noDependencies = {} as AppDependencies;

  it.each(['no-such-job', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'answers 404 JOB_NOT_FOUND for %s, not a crash',
    async (name) => {
      // Act
      const run = runJob(noDependencies, name, new Date('2026-11-22T00:00:00Z'));

      // Assess
      await expect(run).rejects.toBeInstanceOf(DomainError);
      await expect(run).rejects.toMatchObject({
        kind: 'NOT_FOUND',
        code: 'JOB_NOT_FOUND',
        details: { job: name, jobs: jobNames() },
      });
    },
  );
});
