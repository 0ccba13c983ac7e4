/**
 * The local TSA (tsa-endpoint.ts) in a worker thread of its own. On AWS the TSA is another organisation's
 * service; in the handlers' thread its work (an RSA signature and the DER of a token per licence, its HTTP
 * server) would queue behind rendering and count as issuance's own CPU. Same endpoint, key, certificate and
 * clock (the runtime's `NOW` offset); only the thread differs.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { loadOrCreateTsaKey, rsaKeySigner, startTsaEndpoint, type TsaEndpoint } from './tsa-endpoint.js';

/** What the thread needs: where the TSA key is, its certificate (DER) and the runtime clock's offset. */
interface TsaThreadData {
  tsaKeyDir: string;
  certificate: Uint8Array;
  clockOffsetMs: number;
}

/** Serve the TSA from a worker thread; resolves once it listens. */
export function startTsaThread(data: TsaThreadData): Promise<TsaEndpoint> {
  // As storage-thread.ts: from TypeScript sources the worker first registers tsx's loader.
  const entry = import.meta.url.endsWith('.ts')
    ? new URL(
        `data:text/javascript,${encodeURIComponent(
          `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); ` +
            `await import(${JSON.stringify(import.meta.url)});`,
        )}`,
      )
    : new URL(import.meta.url);
  const worker = new Worker(entry, { workerData: data satisfies TsaThreadData });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the TSA thread exited early (${code})`)));
    worker.once('message', ({ url }: { url: string }) => {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      let closing = false;
      // A TSA that dies would fail every B-T seal with 503s: stop with a message instead, as the storage does.
      const fail = (reason: unknown) => {
        if (closing) return;
        console.error('The TSA thread stopped; the local runtime cannot go on:', reason);
        process.exit(1);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(`exit code ${code}`));
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            closing = true;
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      });
    });
  });
}

async function serve(port: NonNullable<typeof parentPort>, data: TsaThreadData): Promise<void> {
  const key = await loadOrCreateTsaKey(data.tsaKeyDir);
  const endpoint = await startTsaEndpoint({
    signer: rsaKeySigner(key),
    certificate: new Uint8Array(data.certificate),
    clock: { now: () => new Date(Date.now() + data.clockOffsetMs) },
    random: new CryptoRandom(),
  });
  port.on('message', async (message) => {
    if (message !== 'close') return;
    await endpoint.close();
    port.close();
  });
  port.postMessage({ url: endpoint.url });
}

if (!isMainThread && parentPort && (workerData as { tsaKeyDir?: string } | null)?.tsaKeyDir) {
  await serve(parentPort, workerData as TsaThreadData);
}
