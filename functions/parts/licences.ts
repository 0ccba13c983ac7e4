/** Part: the licence factory — renderer (fonts read and parsed on first use, once per process) and PAdES seal. */
import { loadLicenceFonts } from '../adapters/font-files.js';
import { createLicenceFactory } from '../core/certificates/licence-factory.js';
import { createLicenceRenderer, type LicenceRenderer } from '../core/licence/render/render-licence.js';
import type { CompositionParts } from './types.js';

/** A renderer whose fonts are read and parsed on first use, not at composition. */
function lazyRenderer(): LicenceRenderer {
  let renderer: Promise<LicenceRenderer> | undefined;
  return {
    render: async (input) => {
      renderer ??= loadLicenceFonts().then(createLicenceRenderer);
      return (await renderer).render(input);
    },
  };
}

export const licenceParts: CompositionParts = {
  licenceFactory: (options) => createLicenceFactory({ renderer: lazyRenderer(), ...options }),
};
