import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@rigshift/db", "@rigshift/protocol", "@rigshift/scheduler", "@rigshift/hardware"],
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bullmq", "ioredis"],
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
