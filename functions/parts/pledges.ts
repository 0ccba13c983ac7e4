/** Part: the pledge documents (告知承诺书; pdf-lib and the licence fonts, read and parsed on first use). */
import { loadLicenceFonts } from '../adapters/font-files.js';
import {
  createPledgeDocumentRenderer,
  type PledgeDocumentRenderer,
} from '../core/pledges/pledge-document.js';
import type { CompositionParts } from './types.js';

/** A renderer whose fonts are read on the first pledge, not at composition (cold start). */
function lazyPledgeDocuments(): PledgeDocumentRenderer {
  let renderer: Promise<PledgeDocumentRenderer> | undefined;
  return {
    render: async (input) => {
      renderer ??= loadLicenceFonts().then(createPledgeDocumentRenderer);
      // A failed font load is retried by the next request rather than remembered.
      renderer.catch(() => {
        renderer = undefined;
      });
      return (await renderer).render(input);
    },
  };
}

export const pledgeParts: CompositionParts = { pledgeDocuments: lazyPledgeDocuments };
