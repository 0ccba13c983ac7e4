/** ObjectStore on S3 (s3rver locally). */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.js';

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Client used for presigning (may differ: e.g. a public endpoint). @default client */
  presignClient?: S3Client;
  /** KMS key for SSE-KMS on AWS; undefined locally. */
  kmsKeyId?: string;
}

export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #presignClient: S3Client;
  readonly #bucket: string;
  readonly #kmsKeyId: string | undefined;

  constructor(options: S3ObjectStoreOptions) {
    this.#client = options.client;
    this.#presignClient = options.presignClient ?? options.client;
    this.#bucket = options.bucket;
    this.#kmsKeyId = options.kmsKeyId;
  }

  async put(
    key: string,
    bytes: Uint8Array,
    options: { contentType: string; ifNoneMatch?: boolean; metadata?: Record<string, string> },
  ): Promise<void> {
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: bytes,
          ContentType: options.contentType,
          ContentLength: bytes.byteLength,
          ...(options.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
          ...(options.metadata ? { Metadata: options.metadata } : {}),
          ...(this.#kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.#kmsKeyId } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) {
        throw new ObjectExistsError(key);
      }
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async presignPut(
    key: string,
    options: { contentType: string; expiresInSeconds: number },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: key,
      ContentType: options.contentType,
    });
    const url = await getSignedUrl(this.#presignClient, command, { expiresIn: options.expiresInSeconds });
    return { url, headers: { 'content-type': options.contentType } };
  }
}
