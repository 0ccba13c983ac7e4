/** Parts: SMS through SNS (sent at once) and through the SMS queue (SQS, sent by the `sms` consumer). */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SnsSmsSender } from '../adapters/sns-sms-sender.js';
import { SqsSmsSender } from '../adapters/sqs-sms-sender.js';
import type { CompositionParts } from './types.js';

export const snsParts: CompositionParts = {
  snsSms: (config) =>
    new SnsSmsSender({
      client: new SNSClient({ region: config.region }),
      ...(config.sms.senderId ? { senderId: config.sms.senderId } : {}),
    }),
};

export const sqsParts: CompositionParts = {
  sqsSms: (config, queueUrl) =>
    new SqsSmsSender({ client: new SQSClient({ region: config.region }), queueUrl }),
};
