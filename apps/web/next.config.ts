import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@rigshift/db", "@rigshift/protocol", "@rigshift/scheduler", "@rigshift/hardware"],
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bullmq", "ioredis"],
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  poweredByHeader: false,
  // Separate build folders let two builds (a benchmark beside a test run) coexist.
  // biome-ignore lint/style/noProcessEnv: a build-time setting of the build tool, not app configuration (src/env.ts)
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
};

export default config;
