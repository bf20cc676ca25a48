/**
 * The deployment files tell the truth: docs/deployment.md lists exactly the variables the
 * processes parse, and deploy/compose.yaml sets only variables they know, runs files that exist
 * and wires its services together consistently. (Docker itself is not run here: no images can be
 * pulled on the machines the tests run on.)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ZEnv as ZWebEnv } from "../../apps/web/src/env";
import { ZEnv as ZWorkerEnv } from "../../packages/scheduler/src/worker/env";
import { ROOT } from "../lib/services";

const webVars = Object.keys(ZWebEnv.shape);
const workerVars = Object.keys(ZWorkerEnv.shape);
const known = new Set([...webVars, ...workerVars]);

describe("docs/deployment.md environment reference", () => {
  const doc = readFileSync(path.join(ROOT, "docs/deployment.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Environment reference"));
  const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+)\|/gm)].map((m) => ({ name: m[1]!, readBy: m[2]!.trim() }));

  it("documents every variable the web app, the gateway and the worker parse, once", () => {
    const names = documented.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...known].filter((v) => !names.includes(v))).toEqual([]);
  });

  it("documents no variable that no process reads, and says which process reads each", () => {
    for (const d of documented) {
      expect(known.has(d.name), `${d.name} is documented but parsed by no process`).toBe(true);
      if (webVars.includes(d.name)) expect(d.readBy, d.name).toMatch(/web|gateway/);
      if (workerVars.includes(d.name)) expect(d.readBy, d.name).toMatch(/worker/);
    }
  });
});

describe("deploy/compose.yaml", () => {
  const compose = parse(readFileSync(path.join(ROOT, "deploy/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        build?: { context: string; dockerfile: string };
        command?: string[];
        working_dir?: string;
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition: string }>;
        ports?: string[];
        healthcheck?: unknown;
      }
    >;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;

  it("runs the control plane's four roles against one Postgres and one Redis", () => {
    expect(Object.keys(services).sort()).toEqual(["gateway", "migrate", "postgres", "redis", "web", "worker"]);
    expect(services.postgres?.healthcheck).toBeTruthy();
    expect(services.redis?.healthcheck).toBeTruthy();
    expect(services.redis?.command).toEqual(expect.arrayContaining(["--appendonly", "yes", "noeviction"]));
  });

  it("builds from the repository with deploy/Dockerfile, and each role runs a file that exists", () => {
    const roots: Record<string, string> = { web: "apps/web", gateway: "apps/web", worker: ".", migrate: "." };
    for (const [name, cwd] of Object.entries(roots)) {
      const s = services[name]!;
      expect(s.build?.dockerfile, name).toBe("deploy/Dockerfile");
      expect(path.resolve(ROOT, "deploy", s.build!.context)).toBe(ROOT);
      expect(s.working_dir ?? "/app/apps/web", name).toBe(path.posix.join("/app", cwd).replace(/\/\.$/, ""));
      const files = (s.command ?? []).filter((a) => /\.(ts|js)$/.test(a) || a.startsWith("node_modules/") || a.startsWith("../"));
      expect(files.length, `${name} runs a file`).toBeGreaterThan(0);
      for (const f of files) {
        const local = path.resolve(ROOT, cwd, f);
        // node_modules/.bin entries exist after npm ci, which the image runs; check the package instead.
        const check = local.includes("node_modules/.bin/") ? path.join(ROOT, "node_modules", path.basename(local)) : local;
        expect(existsSync(check), `${name}: ${f}`).toBe(true);
      }
    }
    expect(existsSync(path.join(ROOT, "deploy/Dockerfile"))).toBe(true);
  });

  it("sets only variables the processes know, and the required ones", () => {
    for (const name of ["web", "gateway", "worker", "migrate"]) {
      const env = services[name]!.environment ?? {};
      for (const key of Object.keys(env)) expect(known.has(key), `${name} sets ${key}, which no process reads`).toBe(true);
      expect(env.DATABASE_URL, name).toMatch(/^postgresql:\/\/.+@postgres:5432\//);
      if (name !== "migrate") expect(env.REDIS_URL, name).toBe("redis://redis:6379");
    }
    // Web and worker must agree on the queue prefix, and share the export files.
    expect(services.web!.environment!.QUEUE_PREFIX).toBe(services.worker!.environment!.QUEUE_PREFIX);
    expect(services.web!.environment!.NODE_ENV).toBe("production");
    expect(services.web!.environment!.METRICS_TOKEN).toMatch(/METRICS_TOKEN/);
  });

  it("starts the roles after migrations and healthy servers, on ports that do not collide", () => {
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(services[dep], `${name} depends on ${dep}`).toBeTruthy();
    }
    for (const name of ["web", "gateway", "worker"]) expect(services[name]!.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(services.migrate!.depends_on?.postgres?.condition).toBe("service_healthy");
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(":")[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    expect(services.gateway!.environment!.AGENT_GATEWAY_PORT).toBe(services.gateway!.ports![0]!.split(":")[1]);
  });
});
