/** Every part: the local runtime (one process serving every module) and the tests compose these. */
import { bulkQueueParts } from './bulk-queue.js';
import { caParts } from './ca.js';
import { kmsParts } from './kms.js';
import { licenceParts } from './licences.js';
import { macKeyParts } from './mac-keys.js';
import { materialParts } from './materials.js';
import { ofdRendererParts } from './ofd.js';
import { ofdSealParts } from './ofd-seal.js';
import { pledgeParts } from './pledges.js';
import { qrParts } from './qr.js';
import { snsParts, sqsParts } from './sms.js';
import { statusListParts } from './status-lists.js';
import { templateParts } from './templates.js';
import type { CompositionParts } from './types.js';

export const allParts: CompositionParts = {
  ...licenceParts,
  ...kmsParts,
  ...caParts,
  ...macKeyParts,
  ...snsParts,
  ...sqsParts,
  ...materialParts,
  ...templateParts,
  ...pledgeParts,
  ...statusListParts,
  ...qrParts,
  ...ofdSealParts,
  ...ofdRendererParts,
  ...bulkQueueParts,
};
