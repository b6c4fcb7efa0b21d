import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';
import { ConflictError } from '../errors';

/** Blocks are staged at this size: the most one writer ever holds in memory. */
const blockBytes = 4 * 1024 * 1024;

export interface WrittenBlob {
  readonly size: number;
  readonly sha256: string;
}

const statusOf = (error: unknown) => (error as { statusCode?: number } | null)?.statusCode;

/**
 * Streams bytes into a new block blob. Blocks are staged as they fill, hashed on the way, and
 * the blob comes into existence only at `commit`, conditionally (If-None-Match: *): a writer
 * that gives up leaves nothing visible (Azure discards uncommitted blocks after a week), and
 * no commit can replace a blob that exists, so a written document is never overwritten.
 */
export class BlockBlobWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly blockIds: string[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  /**
   * Two writers of one blob (a document with a stable id stored by two deliveries at once) stage
   * uncommitted blocks side by side: ids of their own keep one from committing the other's bytes
   * under its own hash. The same length for every writer, as a blob's block ids must be.
   */
  private readonly writer = randomBytes(6).toString('hex');

  constructor(private readonly blob: BlockBlobClient) {}

  get size(): number {
    return this.written;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.written += chunk.byteLength;
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.byteLength;
    if (this.pendingBytes >= blockBytes) await this.stage();
  }

  /** Makes the blob exist with everything written; ConflictError if a blob is already there. */
  async commit(contentType: string): Promise<WrittenBlob> {
    if (this.pendingBytes > 0) await this.stage();
    try {
      await this.blob.commitBlockList(this.blockIds, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: contentType },
      });
    } catch (error) {
      if (statusOf(error) === 409 || statusOf(error) === 412)
        throw new ConflictError('A document is already stored at this place; documents are never overwritten');
      throw error;
    }
    return { size: this.written, sha256: this.hash.digest('hex') };
  }

  private async stage(): Promise<void> {
    const block = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const id = Buffer.from(`${this.writer}${String(this.blockIds.length).padStart(8, '0')}`).toString('base64');
    await this.blob.stageBlock(id, block, block.length);
    this.blockIds.push(id);
  }
}
