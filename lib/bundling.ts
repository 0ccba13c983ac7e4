/**
 * How a handler module becomes a Lambda bundle: the local esbuild (no Docker), ESM for Node 22, and the
 * licence fonts copied beside the bundle for the modules that render PDFs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lambdaNodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { FALLBACK_FONTS, PRIMARY_FONT } from '../functions/adapters/font-files.js';

/** The repository root (where package.json and package-lock.json live). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * middy ≥ 5 is ESM-only, while some of its CJS dependencies (http-errors) call `require`: an ESM bundle has
 * no `require`, so the banner defines one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const bundleShim = (file: string) => path.join(projectRoot, 'functions', 'adapters', 'bundle', file);

/**
 * Modules replaced in every bundle (see each replacement's comment): fontkit's pure-JS Brotli decoder and
 * pako by Node's native zlib (same contract); PDF's standard-font metrics and pdf-lib's PNG decoder, which
 * licences never use; the credential providers a Lambda never uses. test/infra/bundling.test.ts seals a
 * licence with them.
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  'brotli/decompress.js': bundleShim('brotli-decompress.ts'),
  pako: bundleShim('pako-zlib.ts'),
  '@pdf-lib/standard-fonts': bundleShim('standard-fonts.ts'),
  '@pdf-lib/upng': bundleShim('png-decoder.ts'),
  '@aws-sdk/credential-provider-sso': bundleShim('no-credential-provider.ts'),
  '@aws-sdk/credential-provider-ini': bundleShim('no-credential-provider.ts'),
  '@aws-sdk/credential-provider-process': bundleShim('no-credential-provider.ts'),
  '@aws-sdk/credential-provider-web-identity': bundleShim('no-credential-provider.ts'),
};

/**
 * The same bundle as `bundlingOptions` gives the CDK, as esbuild's own build options: for the bench and the
 * tests, which build bundles without a synth.
 */
export const esbuildOptions = (entry: string, outfile: string) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  minify: true,
  alias: BUNDLE_ALIASES,
  logLevel: 'error' as const,
});

/** The source file of a handler module. */
export const handlerEntry = (moduleName: string): string =>
  path.join(projectRoot, 'functions', 'handlers', `${moduleName}.ts`);

const packageOf = (specifier: string): string => specifier.split('/').slice(0, 2).join('/');

/**
 * Shell commands that copy the two licence fonts (and their package.json, so that `require.resolve` finds
 * them exactly as in node_modules) next to the bundle. Only the two TTFs: the packages hold ~40 MB more.
 */
export function fontCopyCommands(inputDir: string, outputDir: string): string[] {
  const specifiers = [PRIMARY_FONT, ...FALLBACK_FONTS];
  const files = [...new Set([...specifiers, ...specifiers.map((s) => `${packageOf(s)}/package.json`)])];
  return files.flatMap((file) => [
    `mkdir -p "${path.posix.join(outputDir, 'node_modules', path.posix.dirname(file))}"`,
    `cp "${path.posix.join(inputDir, 'node_modules', file)}" "${path.posix.join(outputDir, 'node_modules', file)}"`,
  ]);
}

/** esbuild options for one handler module. */
export function bundlingOptions(needsFonts: boolean): lambdaNodejs.BundlingOptions {
  return {
    format: lambdaNodejs.OutputFormat.ESM,
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    // The SDK is bundled (not taken from the runtime) so that the deployed code runs the tested versions.
    externalModules: [],
    esbuildArgs: Object.fromEntries(
      Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
    ),
    forceDockerBundling: false,
    ...(needsFonts
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: fontCopyCommands,
          },
        }
      : {}),
  };
}
