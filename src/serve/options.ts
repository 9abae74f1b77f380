import type { ResolvedOptions } from '../options/index.ts';
import { UsageError } from '../errors.ts';
import type { ServeOptions } from './server.ts';
import { isLoopbackHost, TOKEN_RULE, TOKEN_VARIABLE } from './settings.ts';

/** What `serve` takes of the resolved options beyond address, queue and limits; the token may come from the environment. */
export function serviceOptionsOf(
  options: ResolvedOptions,
  env: NodeJS.ProcessEnv,
): Pick<ServeOptions, 'service' | 'token' | 'theme' | 'template'> {
  const { renderTimeout, reelTimeout, headerTimeout, bodyTimeout, maxConnections, cacheMaxAge, shutdownGrace, theme, template } = options;
  const fromEnv = env[TOKEN_VARIABLE];
  if (options.token === undefined && fromEnv !== undefined && !TOKEN_RULE.check(fromEnv)) {
    // The count, not the value: it is a secret even when it is a bad one.
    throw new UsageError(`Invalid value for ${TOKEN_VARIABLE}. Allowed: ${TOKEN_RULE.allowed}. Received: ${fromEnv.length} characters.`);
  }
  const token = options.token ?? fromEnv;
  return {
    service: { renderTimeout, reelTimeout, headerTimeout, bodyTimeout, maxConnections, cacheMaxAge, shutdownGrace },
    ...(token ? { token } : {}),
    ...(theme ? { theme } : {}),
    ...(template ? { template } : {}),
  };
}

/** A warning for a server others can reach with nothing to stop them; none on loopback or with a token. */
export function exposureWarning(host: string, token: string | undefined): string | undefined {
  if (isLoopbackHost(host) || token !== undefined) return undefined;
  return `warning: listening on ${host} without a token: anyone who can reach this machine can see the previews and render. Set --token or ${TOKEN_VARIABLE}.`;
}
