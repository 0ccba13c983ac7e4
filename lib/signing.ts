/**
 * KMS keys: the asymmetric seal key (signs licences and audit checkpoints), the root CA key (signs the seal
 * certificate once, at bootstrap) and the symmetric data key (tables, buckets, queues, topics). The private
 * halves never leave KMS.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { QR_KEY_PURPOSE } from '../functions/adapters/qr-key-names.js';

/** Key administration without any cryptographic use: admins can manage the keys but not sign or decrypt. */
export const keyAdminActions = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** Who may sign with the asymmetric keys; fixed before the keys are made, so the policies can name them. */
export interface SigningKeysProps {
  stage: string;
  /** Roles that seal licences or sign audit checkpoints: the only principals allowed `kms:Sign` (seal key). */
  sealSigners: iam.IRole[];
  /** Roles that derive holder lookup keys and list-cursor keys: the only principals allowed `kms:GenerateMac`. */
  macUsers?: iam.IRole[];
  /** Roles that sign the token status lists: the only principals allowed `kms:Sign` (status key). */
  statusSigners?: iam.IRole[];
  /**
   * Roles that sign the licence QR payloads: the only principals allowed to make and open the QR's data key
   * pairs (`qrWrapKey`: GenerateDataKeyPairWithoutPlaintext, Decrypt, with the QR purpose's encryption context).
   */
  qrSigners?: iam.IRole[];
  /** Roles that may sign with the root CA key (the pki function: CRL, OCSP). */
  rootSigners?: iam.IRole[];
  /** The principal that runs the one-shot seal-certificate bootstrap (root CA key); none: nobody may sign. */
  bootstrapPrincipalArn?: string;
  /**
   * Make the OFD seal's SM2 keys (KeySpec SM2 exists in the China regions only). @default false: no SM2 keys,
   * no OFD rendition.
   */
  ofdSeal?: boolean;
  /** Roles that seal OFDs: the only principals allowed `kms:Sign` with the OFD seal key. */
  ofdSealSigners?: iam.IRole[];
  /** Roles allowed `kms:Sign` with the OFD seal maker's key, besides the bootstrap principal (the pki function). */
  ofdMakerSigners?: iam.IRole[];
}

const accountAdmins = () => new iam.AccountRootPrincipal();

/** A key policy: admin for the account, public-key reads via IAM, and `kms:Sign` only for `signerArns`. */
function signingKeyPolicy(signerArns: string[]): iam.PolicyDocument {
  const statements = [
    new iam.PolicyStatement({ actions: keyAdminActions, principals: [accountAdmins()], resources: ['*'] }),
    // Delegated to IAM so that verifiers' roles can be granted the public key in their own policies.
    new iam.PolicyStatement({
      actions: ['kms:GetPublicKey', 'kms:Verify'],
      principals: [accountAdmins()],
      resources: ['*'],
    }),
  ];
  if (signerArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Sign'],
        principals: signerArns.map((arn) => new iam.ArnPrincipal(arn)),
        resources: ['*'],
      }),
    );
  }
  // The explicit deny makes the allow list exhaustive: no identity policy (not even an administrator's) can
  // add a signer without a visible change of this key policy.
  statements.push(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['kms:Sign'],
      principals: [new iam.AnyPrincipal()],
      resources: ['*'],
      ...(signerArns.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': signerArns } } } : {}),
    }),
  );
  return new iam.PolicyDocument({ statements });
}

/** What the QR signers do with the wrapping key: make a pair (private key encrypted only) and open it. */
const QR_WRAP_ACTIONS = ['kms:GenerateDataKeyPairWithoutPlaintext', 'kms:Decrypt'];

/**
 * The QR wrapping key's policy: admin for the account; making and opening data key pairs only for `userArns`
 * and only with the QR purpose's encryption context; an explicit deny for everyone else, as for the signing
 * keys (whoever can open a pair can sign QR payloads).
 */
function qrWrapKeyPolicy(userArns: string[]): iam.PolicyDocument {
  const statements = [
    new iam.PolicyStatement({ actions: keyAdminActions, principals: [accountAdmins()], resources: ['*'] }),
  ];
  if (userArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: QR_WRAP_ACTIONS,
        principals: userArns.map((arn) => new iam.ArnPrincipal(arn)),
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': QR_KEY_PURPOSE } },
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: QR_WRAP_ACTIONS,
      principals: [new iam.AnyPrincipal()],
      resources: ['*'],
      ...(userArns.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': userArns } } } : {}),
    }),
  );
  return new iam.PolicyDocument({ statements });
}

/**
 * The HMAC key's policy: admin for the account, and `kms:GenerateMac` only for `userArns` — with the same
 * explicit deny as the signing keys, so nobody else (no administrator either) can compute holder keys, whose
 * whole point is that a list of ID numbers cannot be turned into them without this key.
 */
function macKeyPolicy(userArns: string[]): iam.PolicyDocument {
  const statements = [
    new iam.PolicyStatement({ actions: keyAdminActions, principals: [accountAdmins()], resources: ['*'] }),
  ];
  if (userArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:GenerateMac'],
        principals: userArns.map((arn) => new iam.ArnPrincipal(arn)),
        resources: ['*'],
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['kms:GenerateMac', 'kms:VerifyMac'],
      principals: [new iam.AnyPrincipal()],
      resources: ['*'],
      ...(userArns.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': userArns } } } : {}),
    }),
  );
  return new iam.PolicyDocument({ statements });
}

/** The KMS keys of a stage. */
export class SigningKeys extends Construct {
  /** RSA-3072 SIGN_VERIFY: PAdES seals on licences, signatures on audit checkpoints. */
  readonly sealKey: kms.Key;
  /** RSA-4096 SIGN_VERIFY: the project's own root CA, used only to certify the seal key. */
  readonly rootKey: kms.Key;
  /** Symmetric, rotated yearly: encryption at rest of tables, buckets, queues and topics. */
  readonly dataKey: kms.Key;
  /**
   * HMAC_256 GENERATE_VERIFY_MAC: the holder lookup keys (the ledger's `byHolder` index) and list cursors
   * are derived from it with GenerateMac. Retained and never rotated in place: a new key changes every
   * holder key, so it needs a re-keying of the index (a new label version), not an automatic rotation.
   */
  readonly macKey: kms.Key;
  /**
   * ECC_NIST_P256 SIGN_VERIFY: ES256 signatures of the token status lists (JWT). A key of its own — one key
   * per purpose — so the status-lists function can sign nothing else, and nothing else can sign a list.
   */
  readonly statusKey: kms.Key;
  /**
   * ECC_NIST_P256 SIGN_VERIFY: signed the licence QR codes' offline payloads (COSE_Sign1) before data keys; kept
   * (and its public key published) for those licences' whole validity, but nobody may sign with it any more.
   */
  readonly qrKey: kms.Key;
  /**
   * SYMMETRIC_DEFAULT: KMS makes the QR's P-256 data key pairs under it (one per 30 days), their private keys
   * stored encrypted and opened once per process (functions/adapters/data-key-es256-signer.ts) — so a licence
   * costs no KMS request for its QR. Only the QR signers' roles may use it, and only with the QR purpose.
   */
  readonly qrWrapKey: kms.Key;
  /**
   * SM2 SIGN_VERIFY (China regions only): the OFD rendition's electronic seal (GB/T 38540 SES_Signature); absent
   * where the stage has no OFD seal.
   */
  readonly ofdSealKey?: kms.Key;
  /** SM2 SIGN_VERIFY: the OFD seal maker's key, root of the SM2 chain (makes the SESeal objects); with ofdSealKey. */
  readonly ofdMakerKey?: kms.Key;

  constructor(scope: Construct, id: string, props: SigningKeysProps) {
    super(scope, id);
    this.sealKey = new kms.Key(this, 'SealKey', {
      description: `Zhengzhao ${props.stage}: seal signing key (licences, audit checkpoints)`,
      alias: `alias/zhengzhao-${props.stage}-seal`,
      keySpec: kms.KeySpec.RSA_3072,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      policy: signingKeyPolicy(props.sealSigners.map((role) => role.roleArn)),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.rootKey = new kms.Key(this, 'RootCaKey', {
      description: `Zhengzhao ${props.stage}: root CA key (certifies the seal key)`,
      alias: `alias/zhengzhao-${props.stage}-root`,
      keySpec: kms.KeySpec.RSA_4096,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // The bootstrap principal certifies the seal key; the pki function signs the CRL and OCSP responses.
      policy: signingKeyPolicy([
        ...(props.bootstrapPrincipalArn ? [props.bootstrapPrincipalArn] : []),
        ...(props.rootSigners ?? []).map((role) => role.roleArn),
      ]),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.macKey = new kms.Key(this, 'MacKey', {
      description: `Zhengzhao ${props.stage}: HMAC key (holder lookup keys, list cursors)`,
      alias: `alias/zhengzhao-${props.stage}-mac`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      policy: macKeyPolicy((props.macUsers ?? []).map((role) => role.roleArn)),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.statusKey = new kms.Key(this, 'StatusListKey', {
      description: `Zhengzhao ${props.stage}: token status list signing key (ES256)`,
      alias: `alias/zhengzhao-${props.stage}-status`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      policy: signingKeyPolicy((props.statusSigners ?? []).map((role) => role.roleArn)),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.qrKey = new kms.Key(this, 'QrKey', {
      description: `Zhengzhao ${props.stage}: licence QR payload signing key (ES256)`,
      alias: `alias/zhengzhao-${props.stage}-qr`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Retired for signing: the data key pairs sign the payloads (qrWrapKey); the deny covers everyone.
      policy: signingKeyPolicy([]),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.qrWrapKey = new kms.Key(this, 'QrWrapKey', {
      description: `Zhengzhao ${props.stage}: wraps the licence QR's ES256 data key pairs`,
      alias: `alias/zhengzhao-${props.stage}-qr-wrap`,
      enableKeyRotation: true,
      policy: qrWrapKeyPolicy((props.qrSigners ?? []).map((role) => role.roleArn)),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    if (props.ofdSeal) {
      this.ofdSealKey = new kms.Key(this, 'OfdSealKey', {
        description: `Zhengzhao ${props.stage}: OFD electronic seal key (SM2, GB/T 38540)`,
        alias: `alias/zhengzhao-${props.stage}-ofd-seal`,
        keySpec: kms.KeySpec.SM2,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        policy: signingKeyPolicy((props.ofdSealSigners ?? []).map((role) => role.roleArn)),
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });
      this.ofdMakerKey = new kms.Key(this, 'OfdMakerKey', {
        description: `Zhengzhao ${props.stage}: OFD seal maker key (SM2; certifies the OFD seal key, makes seals)`,
        alias: `alias/zhengzhao-${props.stage}-ofd-maker`,
        keySpec: kms.KeySpec.SM2,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        // Like the root CA key: the bootstrap principal issues the SM2 chain; the pki function may sign too.
        policy: signingKeyPolicy([
          ...(props.bootstrapPrincipalArn ? [props.bootstrapPrincipalArn] : []),
          ...(props.ofdMakerSigners ?? []).map((role) => role.roleArn),
        ]),
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });
    }
    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `Zhengzhao ${props.stage}: data at rest`,
      alias: `alias/zhengzhao-${props.stage}-data`,
      enableKeyRotation: true,
      policy: this.dataKeyPolicy(),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
  }

  private dataKeyPolicy(): iam.PolicyDocument {
    const use = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          actions: keyAdminActions,
          principals: [accountAdmins()],
          resources: ['*'],
        }),
        // Use is delegated to IAM: each function's role names this key in its own least-privilege policy.
        new iam.PolicyStatement({ actions: use, principals: [accountAdmins()], resources: ['*'] }),
        // DynamoDB encrypts a CMK table through a grant that the deploying principal creates for it.
        new iam.PolicyStatement({
          actions: ['kms:CreateGrant'],
          principals: [accountAdmins()],
          resources: ['*'],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
        // CloudWatch alarms publish to the encrypted alarm topic.
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          resources: ['*'],
        }),
      ],
    });
  }
}
