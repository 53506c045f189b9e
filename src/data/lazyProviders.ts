/**
 * The providers (ccxt exchange classes, yahoo-finance2: about 1.2 MB minified) live in their own
 * bundle, dist/providers.js, loaded on the first live request, so that activating the extension
 * or starting the CLI never parses them. In tests and any unbundled use, the source module loads.
 */
import type * as Providers from './providers';

let loaded: typeof Providers | undefined;

export function loadProviders(): typeof Providers {
  if (!loaded) {
    // esbuild marks './providers.js' external for dist/extension.js and dist/cli.js; the file sits
    // beside them in dist/.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('./providers.js') as typeof Providers;
  }
  return loaded;
}

/** providerRegistry with the providers module loaded on first use. */
export function lazyProviderRegistry(deps: Providers.ProviderDeps): (id: string) => ReturnType<ReturnType<typeof Providers.providerRegistry>> {
  let registry: ReturnType<typeof Providers.providerRegistry> | undefined;
  return (id) => (registry ??= loadProviders().providerRegistry(deps))(id);
}
