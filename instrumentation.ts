/**
 * Runs once when the server starts: checks the settings and opens (and migrates) the database, so a
 * misconfiguration or a data folder held by another process stops the start with a clear message.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  // First, before any request is served: without a trusted proxy, made-up X-Forwarded-* headers are dropped.
  const { appConfig } = await import('./lib/config');
  const { installForwardedHeadersGuard } = await import('./lib/http/forwarded-headers');
  installForwardedHeadersGuard(appConfig.trustProxyHops);
  const { startServer } = await import('./lib/startup');
  await startServer();
}
