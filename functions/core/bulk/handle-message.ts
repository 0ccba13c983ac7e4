/** One queued bulk message, whichever runtime delivered it (SQS on AWS, the local worker pool). */
import type { BulkDependencies } from './context.js';
import type { BulkMessage } from './model.js';
import { runChunk } from './run-chunk.js';
import { finaliseBulk, splitRows } from './start-bulk.js';

export function handleBulkMessage(deps: BulkDependencies, message: BulkMessage): Promise<void> {
  switch (message.kind) {
    case 'split':
      return splitRows(deps, message.bulkId);
    case 'chunk':
      return runChunk(deps, message.bulkId, message.index);
    case 'finalise':
      return finaliseBulk(deps, message.bulkId);
  }
}
