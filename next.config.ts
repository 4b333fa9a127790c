import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships its WASM and extension bundles as files; bundling it breaks their lookup (see NOTES.md).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
