import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships its WASM and extension bundles as files; bundling it breaks their lookup (see NOTES.md).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // With middleware.ts, Next buffers each request body (10 MB by default) before the route reads it. The
    // largest body any route takes is an avatar (5 MB and its form envelope), so buffer no more than that.
    proxyClientMaxBodySize: '6mb',
  },
};

export default nextConfig;
