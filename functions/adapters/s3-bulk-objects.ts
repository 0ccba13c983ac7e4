/** The files of bulk jobs on S3 (s3rver locally): rows uploads, chunks, per-chunk and assembled results. */
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
import { MAX_ROW_BYTES } from '../core/bulk/model.js';
import type { BulkObjects } from '../ports/bulk.js';

const missing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

/**
 * The lines of a byte stream, split at `\n` (a `\r` before it is the caller's to drop, as with readline). A line
 * longer than `maxBytes` is cut to its first `maxBytes + 1` bytes — the row check then refuses it as too long —
 * and the rest of it is skipped as it streams by, so a file that is one giant line is never held in memory.
 */
export async function* boundedLines(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncIterable<string> {
  let parts: Buffer[] = [];
  let size = 0;
  let started = false;
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline;
      const take = Math.max(0, Math.min(end - start, maxBytes + 1 - size));
      if (take > 0) {
        parts.push(Buffer.from(bytes.subarray(start, start + take)));
        size += take;
      }
      started ||= end > start;
      if (newline === -1) break;
      yield Buffer.concat(parts, size).toString('utf8');
      parts = [];
      size = 0;
      started = false;
      start = newline + 1;
    }
  }
  if (started) yield Buffer.concat(parts, size).toString('utf8');
}

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
    // Streamed line by line: memory stays at one bounded line and the stream's buffer whatever the file holds.
    yield* boundedLines(out.Body as AsyncIterable<Uint8Array>, MAX_ROW_BYTES);
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
