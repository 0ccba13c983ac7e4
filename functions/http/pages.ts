/**
 * Server-rendered pages for citizens and verifiers: phone-first, zh-CN with an English switch, large type,
 * no external requests (hash-pinned inline CSS/JS), status by word and icon, never colour alone. The pieces
 * live in `pages/`; this module is the one import for routes.
 */
export { type Lang, langOf } from './pages/i18n.js';
export { licencePreviewSvg } from './pages/licence-preview.js';
export { pageCsp, pageResponse, switchHref } from './pages/shell.js';
export { uploadPage } from './pages/upload-page.js';
export {
  type LicenceLinks,
  licencePage,
  licenceUnavailablePage,
  linkNotFoundPage,
  verificationPage,
} from './pages/verdict-pages.js';
