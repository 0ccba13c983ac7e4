/**
 * Stands in for the AWS SDK credential providers a Lambda never uses (SSO, shared ini files, external
 * processes, web-identity token files; lib/bundling.ts aliases them): on Lambda the execution role's
 * credentials are in the environment, which the default chain reads first. Leaving them out of the bundles
 * (with the SSO/STS clients they pull in, ~95 KB) shortens every cold start. Should the chain ever get this
 * far, it stops with this message instead of a late, obscure failure.
 */
const unavailable = (): never => {
  throw new Error(
    'this credential provider is not bundled: on Lambda credentials come from the environment (execution role)',
  );
};

export const fromSSO = () => unavailable;
export const fromIni = () => unavailable;
export const fromProcess = () => unavailable;
export const fromTokenFile = () => unavailable;
