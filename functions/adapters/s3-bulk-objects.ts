/** The files of bulk jobs on S3 (s3rver locally): rows uploads, chunks, per-chunk and assembled results. */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MAX_ROW_BYTES } from '../core/bulk/model.js';
import { type BulkObjects, MissingObjectError } from '../ports/bulk.js';

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

/**
 * Parts of an assembled file. S3 wants every part but the last ≥ 5 MiB; 8 MiB parts reach its 10,000-part
 * limit at 80 GB, far past a million rows' 150–250 MB, and one part buffer is the assembly's memory.
 */
export const PART_BYTES = 8 * 1024 * 1024;

/**
 * Sources requested ahead of the one being copied: a million-row job has 10,102 small results objects, and one
 * GET's round trip at a time would take minutes. Each waits with its first bytes in its socket, a few KB.
 */
const SOURCES_AHEAD = 8;

/** One multipart upload of an assembled file: its parts in order, completed or aborted. */
class MultipartUpload {
  readonly #parts: CompletedPart[] = [];

  private constructor(
    private readonly client: S3Client,
    private readonly target: { Bucket: string; Key: string },
    private readonly uploadId: string,
  ) {}

  static async create(client: S3Client, Bucket: string, Key: string, contentType: string) {
    // CRC32 declared at the start: the SDK checksums each part with it anyway (its default on AWS), and S3 then
    // expects the parts' checksums in the completion, which `add` keeps.
    const out = await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ContentType: contentType, ChecksumAlgorithm: 'CRC32' }),
    );
    if (!out.UploadId) throw new Error(`no upload id for ${Key}`);
    return new MultipartUpload(client, { Bucket, Key }, out.UploadId);
  }

  /** Upload the next part. `bytes` may be reused once this resolves (the request is over). */
  async add(bytes: Uint8Array): Promise<void> {
    const PartNumber = this.#parts.length + 1;
    const out = await this.client.send(
      new UploadPartCommand({
        ...this.target,
        UploadId: this.uploadId,
        PartNumber,
        Body: bytes,
        ContentLength: bytes.byteLength,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    if (!out.ETag) throw new Error(`no ETag for part ${PartNumber} of ${this.target.Key}`);
    this.#parts.push({
      PartNumber,
      ETag: out.ETag,
      ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}),
    });
  }

  async complete(): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        ...this.target,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.#parts },
      }),
    );
  }

  /**
   * Drop the parts (best effort: the caller's error is the one that matters). What an abort leaves behind, the
   * bucket's AbortIncompleteMultipartUpload rule removes after a day; s3rver 3.7 has no AbortMultipartUpload.
   */
  async abort(): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ ...this.target, UploadId: this.uploadId }));
    } catch {
      // Nothing completed: no object was written.
    }
  }
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

  async concatenate(target: string, sources: readonly string[], contentType: string): Promise<void> {
    // One part buffer, refilled: parts go up one at a time, so memory is this plus the sources' sockets.
    const part = Buffer.allocUnsafe(PART_BYTES);
    let filled = 0;
    let upload: MultipartUpload | undefined;
    try {
      for await (const body of this.#bodies(sources)) {
        for await (const chunk of body) {
          for (let offset = 0; offset < chunk.byteLength; ) {
            const take = Math.min(chunk.byteLength - offset, PART_BYTES - filled);
            part.set(chunk.subarray(offset, offset + take), filled);
            filled += take;
            offset += take;
            if (filled < PART_BYTES) continue;
            upload ??= await MultipartUpload.create(this.#client, this.#bucket, target, contentType);
            await upload.add(part);
            filled = 0;
          }
        }
      }
      // A file smaller than one part is one PUT, as before; a larger one appears whole at its completion.
      if (!upload) return await this.put(target, part.subarray(0, filled), contentType);
      if (filled > 0) await upload.add(part.subarray(0, filled));
      await upload.complete();
    } catch (error) {
      await upload?.abort();
      throw error;
    }
  }

  /** The bodies of `keys` in order, `SOURCES_AHEAD` requested ahead; a missing key throws `MissingObjectError`. */
  async *#bodies(keys: readonly string[]): AsyncIterable<AsyncIterable<Uint8Array>> {
    const pending: Promise<Readable | undefined>[] = [];
    let next = 0;
    try {
      while (next < keys.length || pending.length > 0) {
        for (; next < keys.length && pending.length < SOURCES_AHEAD; next++) {
          const opened = this.#open(keys[next] as string);
          // Awaited in its turn below; handled now so that a failure ahead is not an unhandled rejection.
          opened.catch(() => undefined);
          pending.push(opened);
        }
        const body = await pending.shift();
        if (body) yield body;
      }
    } finally {
      // Stopped early (a failure): release the sockets of the bodies requested ahead.
      for (const opened of pending)
        opened.then(
          (body) => body?.destroy(),
          () => undefined,
        );
    }
  }

  async #open(key: string): Promise<Readable | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.Body as Readable | undefined;
    } catch (error) {
      if (missing(error)) throw new MissingObjectError(key);
      throw error;
    }
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
