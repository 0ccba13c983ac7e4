/**
 * The real-world PDF corpus kept in the repository (a copy of pyHanko's PDF test files, MIT licence beside them),
 * so that a fresh clone tests with it and nothing reads outside the repository.
 */
import { fileURLToPath } from 'node:url';

/** test/fixtures/corpus/pyhanko-pdf: see its README.md for where the files come from. */
export const pyhankoCorpusDir = fileURLToPath(new URL('../fixtures/corpus/pyhanko-pdf', import.meta.url));

/** test/fixtures/pades-suite: signed PDFs of the EU DSS validation suite (SOURCE.md, manifest.json, LGPL). */
export const padesSuiteDir = fileURLToPath(new URL('../fixtures/pades-suite', import.meta.url));
