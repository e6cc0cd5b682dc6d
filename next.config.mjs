/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay outside the bundle; they are loaded by Node at run time.
  serverExternalPackages: [
    'better-sqlite3',
    'ioredis',
    'pino',
    'pino-pretty',
    'pino-http',
    'prom-client',
    '@opentelemetry/api',
  ],
  poweredByHeader: false,
};

export default nextConfig;
