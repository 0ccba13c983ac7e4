/** Part: the application form templates (pdf-lib and the licence fonts, read and parsed on first use). */
import { loadLicenceFonts } from '../adapters/font-files.js';
import { createFormTemplateRenderer, type FormTemplateRenderer } from '../core/templates/render-template.js';
import type { CompositionParts } from './types.js';

/** A renderer whose fonts are read on the first template asked for, not at composition (cold start). */
function lazyTemplates(): FormTemplateRenderer {
  let renderer: Promise<FormTemplateRenderer> | undefined;
  return {
    render: async (item, materialCode) => {
      renderer ??= loadLicenceFonts().then(createFormTemplateRenderer);
      // A failed font load is retried by the next request rather than remembered.
      renderer.catch(() => {
        renderer = undefined;
      });
      return (await renderer).render(item, materialCode);
    },
  };
}

export const templateParts: CompositionParts = { formTemplates: lazyTemplates };
