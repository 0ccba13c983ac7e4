/**
 * The heavy parts of the composition, each behind a factory so that a Lambda bundle holds only the parts its
 * module uses (esbuild keeps what is imported): the licence factory (pdf-lib, fontkit, fonts), the KMS seal
 * signer, SNS and SQS senders, the material decoders. A module's parts mirror its IAM grants in
 * lib/permissions.ts (a test holds them together); the local runtime and the tests compose `allParts`.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Config } from '../config.js';
import type { CaseDependencies } from '../core/cases/case-context.js';
import type { LicenceFactory, SealChainSource } from '../core/certificates/licence-factory.js';
import type { OfdRenderer } from '../core/ofd/render-ofd.js';
import type { PledgeDocumentRenderer } from '../core/pledges/pledge-document.js';
import type { FormTemplateRenderer } from '../core/templates/render-template.js';
import type { BulkQueue } from '../ports/bulk.js';
import type { Clock } from '../ports/clock.js';
import type { HolderKeys } from '../ports/holder-keys.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { PageCursors } from '../ports/page-cursors.js';
import type { SealSigner } from '../ports/seal-signer.js';
import type { Sm2Signer } from '../ports/sm2-signer.js';
import type { SmsSender } from '../ports/sms-sender.js';
import type { JwsSigner } from '../ports/status-lists.js';
import type { TimeStampAuthority } from '../ports/time-stamp-authority.js';
import type { TokenSigner } from '../ports/token-signer.js';
import type { ValidationDataSource } from '../ports/validation-data.js';
import type { WebhookSecrets } from '../ports/webhooks.js';

export interface CompositionParts {
  /** Renders and seals licences (the certificates module). */
  licenceFactory?: (options: {
    signer: SealSigner;
    chain: SealChainSource;
    /** PAdES B-T/B-LT when given (the configured TSA and the CA's CRL/OCSP). */
    timestamps?: TimeStampAuthority;
    validationData?: ValidationDataSource;
  }) => LicenceFactory;
  /** The status lists' ES256 key in KMS (`client`: a pre-built client from the caller, e.g. tests). */
  statusSigner?: (config: Config, client?: KMSClient) => JwsSigner;
  /** The licence QR's ES256 key in KMS: signs the offline payloads (certificates), publishes its key (verify). */
  /** The licence QR's signer; with a wrapping key it keeps its data keys in `keys.objects` (licences bucket). */
  qrSigner?: (
    config: Config,
    client: KMSClient | undefined,
    keys: { objects: ObjectStore; clock: Clock },
  ) => TokenSigner;
  /** The root CA key in KMS: signs the CRL and OCSP responses (the pki module only). */
  caSigner?: (config: Config, client?: KMSClient) => SealSigner;
  /** The seal key in KMS (`client`: a pre-built client from the caller, e.g. tests). */
  sealSigner?: (config: Config, client?: KMSClient) => SealSigner;
  /**
   * The OFD rendition's SM2 keys in KMS (seal holder, seal maker); undefined where the stage has none
   * (`config.ofd` unset). The chain comes from the store at `pki/seal-chain-sm2.pem`.
   */
  ofdSigners?: (config: Config, client?: KMSClient) => { seal: Sm2Signer; maker: Sm2Signer } | undefined;
  /**
   * Keys derived from the KMS HMAC key (`GenerateMac`, once per cold start): holder lookup keys and sealed
   * list cursors (`client`: a pre-built client from the caller, e.g. tests).
   */
  macKeys?: (
    config: Config,
    client?: KMSClient,
  ) => { holderKeys: HolderKeys; pageCursors: PageCursors; webhookSecrets: WebhookSecrets };
  /** Sends SMS at once through SNS. */
  snsSms?: (config: Config) => SmsSender;
  /** The OFD renderer (core/ofd; the licence fonts), made on first use: certificates and verify modules. */
  ofdRenderer?: () => () => Promise<OfdRenderer>;
  /** The bulk issuance queue (SQS at BULK_QUEUE_URL; undefined without one). */
  bulkQueue?: (config: Config) => BulkQueue | undefined;
  /** Hands SMS to the SMS queue (SQS), whose consumer sends them. */
  sqsSms?: (config: Config, queueUrl: string) => SmsSender;
  /** Renders the blank application form templates (the public module; pdf-lib and the licence fonts). */
  formTemplates?: () => FormTemplateRenderer;
  /** Renders pledge documents (告知承诺书) of the cases module (pdf-lib and the licence fonts). */
  pledgeDocuments?: () => PledgeDocumentRenderer;
  /** Decodes uploaded materials (PDF, PNG, JPEG). */
  inspectMaterial?: CaseDependencies['inspectMaterial'];
}
