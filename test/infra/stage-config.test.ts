import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStageConfig, stageDefaults } from '../../lib/stage-config.js';

const configOf = (context: Record<string, unknown>) => readStageConfig(new App({ context }).node);

describe('stage configuration from CDK context', () => {
  it('uses the defaults for the dev stage when nothing is given', () => {
    const config = configOf({});
    expect(config).toMatchObject({ ...stageDefaults, stage: 'dev', edgeWaf: false, ofdSeal: true });
  });

  it('takes a stage’s values from the stages map and lets single -c values override them', () => {
    // Prepare
    const stages = { prod: { licenceRetentionDays: 3650, region: 'ap-southeast-1' } };
    // Act
    const config = configOf({ stage: 'prod', stages, apiRateLimit: '50' });
    // Assess
    expect(config).toMatchObject({
      stage: 'prod',
      licenceRetentionDays: 3650,
      region: 'ap-southeast-1',
      apiRateLimit: 50,
      edgeWaf: true,
      ofdSeal: false,
    });
  });

  it('rejects invalid settings with every problem named', () => {
    expect(() => configOf({ licenceRetentionDays: '0', account: 'x' })).toThrow(
      /licenceRetentionDays[\s\S]*account|account[\s\S]*licenceRetentionDays/,
    );
    expect(() => configOf({ stage: 'Prod!' })).toThrow(/invalid stage name/);
    expect(() => configOf({ logRetentionDays: '42' })).toThrow(/logRetentionDays/);
  });
});
