/** The files of bulk jobs on S3 (s3rver locally): rows uploads, chunks, per-chunk and assembled results. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BulkObjects } from '../ports/bulk.js';

const missing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

export class S3BulkObjects implements BulkObjects {
  readonly #client: S3Client;
  readonly #presignClient: S3Client;
  readonly #bucket: string;

  constructor(options: { client: S3Client; bucket: string; presignClient?: S3Client }) {
    this.#client = options.client;
    this.#presignClient = options.presignClient ?? options.client;
    this.#bucket = options.bucket;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.byteLength,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }

  async *lines(key: string): AsyncIterable<string> {
    const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    if (!out.Body) return;
    // Streamed line by line: memory stays at one line and the stream's buffer whatever the file's size.
    const reader = createInterface({ input: out.Body as Readable, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of reader) yield line;
  }

  async presignPut(
    key: string,
    options: { contentType: string; expiresInSeconds: number; maxBytes: number },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    // A presigned PUT cannot bound the size by itself: the job refuses a larger file when it starts.
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: key,
      ContentType: options.contentType,
    });
    const url = await getSignedUrl(this.#presignClient, command, { expiresIn: options.expiresInSeconds });
    return { url, headers: { 'content-type': options.contentType } };
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.#presignClient, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }
}
