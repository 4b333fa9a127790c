import type { NextConfig } from 'next';
import { securityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // PGlite ships its WASM and extension bundles as files; bundling it breaks their lookup (see NOTES.md).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  typedRoutes: false,
  // middleware.ts sets these (and the per-request Content-Security-Policy) on everything it sees; this covers
  // what its matcher leaves out: the build's static files and the public folder.
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(securityHeaders({ https: false })).map(([key, value]) => ({ key, value })) }];
  },
  experimental: {
    // With middleware.ts, Next buffers each request body (10 MB by default) before the route reads it. The
    // largest body any route takes is an avatar (5 MB and its form envelope), so buffer no more than that.
    proxyClientMaxBodySize: '6mb',
  },
};

export default nextConfig;
