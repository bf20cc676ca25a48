/**
 * Runs a command with Postgres and Redis provided (see lib/services.ts) and migrations applied.
 * Usage: tsx scripts/with-services.ts [--db NAME] -- command args...
 */
import { spawn } from "node:child_process";
import { ensureServices, migrate } from "./lib/services";

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const opts = sep >= 0 ? argv.slice(0, sep) : argv;
const command = sep >= 0 ? argv.slice(sep + 1) : [];
const dbFlag = opts.indexOf("--db");
const database = dbFlag >= 0 ? (opts[dbFlag + 1] ?? "rigshift") : "rigshift";

const services = await ensureServices({ database });
for (const n of services.notes) console.error(`[services] ${n}`);
migrate(services.databaseUrl);
if (!command.length) {
  console.log(`DATABASE_URL=${services.databaseUrl}\nREDIS_URL=${services.redisUrl}`);
  await services.stop();
} else {
  const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl } });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", async (code, signal) => {
    await services.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}
