import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour, jobScoreUsdPerHour } from "./jobs";
import type { JobModel, Problem, RigModel } from "./model";

/**
 * The epoch as a MIP in CPLEX LP text, for HiGHS. Same objective as the greedy (option scores
 * plus job scores); exact where the greedy is heuristic:
 *   y{r}_{i}   rig r runs option i (binary; rigs with one option are constants)
 *   h{j}       job j stays on its current GPUs (binary)
 *   x{j}_{r}   job j starts on rig r (binary), z{j}_{r}_{c} GPUs of class c it takes when it may
 *              span several classes (integer)
 *   rows: one option per rig; a job at most once; a job only on a rig in AI mode with its
 *   runtime; GPUs per class; IT watts per site within budget.
 */
export interface MipVariables {
  options: { name: string; r: number; i: number }[];
  homes: { name: string; j: number }[];
  starts: { name: string; j: number; r: number; classes: number[]; zNames: string[] | null }[];
}

export function buildLp(problem: Problem): { lp: string; vars: MipVariables; constantUsdPerHour: number } {
  const vars: MipVariables = { options: [], homes: [], starts: [] };
  const objective: string[] = [];
  const rows: string[] = [];
  const binaries: string[] = [];
  const generals: string[] = [];
  const bounds: string[] = [];
  const siteTerms: string[][] = problem.sites.map(() => []);
  const siteConstW = new Float64Array(problem.sites.length);
  const classTerms = new Map<string, string[]>(); // "r_c" -> terms
  const aiVar = new Map<string, string | null>(); // "r|runtime" -> y name, or null when fixed AI
  let constant = 0;

  const { table } = problem;
  for (const rig of problem.rigs) {
    const first = table.start[rig.index] as number;
    const count = (table.start[rig.index + 1] as number) - first;
    if (count === 1) {
      constant += table.score[first] as number;
      siteConstW[rig.siteIndex] = (siteConstW[rig.siteIndex] ?? 0) + (table.powerW[first] as number);
      const workload = table.workload[first];
      if (table.isAi[first] === 1 && workload) aiVar.set(`${rig.index}|${workload}`, null);
      continue;
    }
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const k = first + i;
      const name = `y${rig.index}_${i}`;
      names.push(name);
      vars.options.push({ name, r: rig.index, i });
      binaries.push(name);
      objective.push(term(table.score[k] as number, name));
      siteTerms[rig.siteIndex]?.push(term(table.powerW[k] as number, name));
      const workload = table.workload[k];
      if (table.isAi[k] === 1 && workload) aiVar.set(`${rig.index}|${workload}`, name);
    }
    rows.push(`rig${rig.index}: ${names.join(" + ")} = 1`);
  }

  for (const job of problem.jobs) {
    if (job.forcedRig >= 0) continue;
    const once: string[] = [];
    if (job.home) {
      const r = job.home.rigIndex;
      const rig = problem.rigs[r] as RigModel;
      const link = aiVar.get(`${r}|${job.input.runtime}`);
      if (link !== undefined) {
        const name = `h${job.index}`;
        vars.homes.push({ name, j: job.index });
        binaries.push(name);
        once.push(name);
        const out = jobScoreUsdPerHour(problem, job, r, true, null);
        objective.push(term(out.scoreUsdPerHour, name));
        siteTerms[rig.siteIndex]?.push(term(out.powerW, name));
        if (link) rows.push(`lh${job.index}: ${name} - ${link} <= 0`);
        for (const g of job.home.gpuIndices) {
          const c = rig.classes.findIndex((cls) => cls.indices.includes(g));
          if (c >= 0) pushClass(classTerms, r, c, term(1, name));
        }
      }
    }
    for (const rig of problem.rigs) {
      const start = startVariable(job, rig, aiVar);
      if (!start) continue;
      const name = `x${job.index}_${rig.index}`;
      once.push(name);
      binaries.push(name);
      const site = problem.sites[rig.siteIndex];
      const usdPerWh = site?.usdPerWh ?? 0;
      const revenue = jobRevenueUsdPerHour(problem, job, false);
      const n = job.input.gpuCount;
      if (start.link) rows.push(`lx${job.index}_${rig.index}: ${name} - ${start.link} <= 0`);
      if (start.classes.length === 1) {
        const c = start.classes[0] as number;
        const w = n * perGpuW(problem, job, rig, c);
        objective.push(term(revenue - w * usdPerWh, name));
        siteTerms[rig.siteIndex]?.push(term(w, name));
        pushClass(classTerms, rig.index, c, term(n, name));
        vars.starts.push({ name, j: job.index, r: rig.index, classes: start.classes, zNames: null });
      } else {
        objective.push(term(revenue, name));
        const zNames = start.classes.map((c) => `z${job.index}_${rig.index}_${c}`);
        start.classes.forEach((c, k) => {
          const z = zNames[k] as string;
          const w = perGpuW(problem, job, rig, c);
          generals.push(z);
          bounds.push(`0 <= ${z} <= ${n}`);
          objective.push(term(-w * usdPerWh, z));
          siteTerms[rig.siteIndex]?.push(term(w, z));
          pushClass(classTerms, rig.index, c, term(1, z));
        });
        rows.push(`sz${job.index}_${rig.index}: ${zNames.join(" + ")} - ${n} ${name} = 0`);
        vars.starts.push({ name, j: job.index, r: rig.index, classes: start.classes, zNames });
      }
    }
    if (once.length > 1) rows.push(`once${job.index}: ${once.join(" + ")} <= 1`);
  }

  for (const [key, terms] of classTerms) {
    const [r, c] = key.split("_").map(Number) as [number, number];
    const size = problem.rigs[r]?.classes[c]?.indices.length ?? 0;
    rows.push(`gpu${key}: ${joinTerms(terms)} <= ${size}`);
  }
  problem.sites.forEach((site, s) => {
    const terms = siteTerms[s] ?? [];
    if (terms.length > 0) rows.push(`site${s}: ${joinTerms(terms)} <= ${num(site.budgetW - (siteConstW[s] ?? 0))}`);
  });

  const lp = [
    "Maximize",
    ` ${wrap(`obj: ${objective.length > 0 ? joinTerms(objective) : "0 y_none"}`)}`,
    "Subject To",
    ...rows.map((row) => ` ${wrap(row)}`),
    ...(bounds.length > 0 ? ["Bounds", ...bounds.map((b) => ` ${b}`)] : []),
    ...(binaries.length > 0 ? ["Binaries", ...chunk(binaries)] : []),
    ...(generals.length > 0 ? ["Generals", ...chunk(generals)] : []),
    "End",
  ].join("\n");
  return { lp, vars, constantUsdPerHour: constant };
}

/** Classes of rig r job j may start on, and the AI variable it depends on; null if none. */
function startVariable(job: JobModel, rig: RigModel, aiVar: Map<string, string | null>) {
  if (!rig.acceptsNewJobs) return null;
  const link = aiVar.get(`${rig.index}|${job.input.runtime}`);
  if (link === undefined) return null;
  const classes: number[] = [];
  let gpus = 0;
  rig.classes.forEach((c, ci) => {
    if (!jobFitsClass(job.input, c)) return;
    classes.push(ci);
    gpus += c.indices.length;
  });
  if (gpus < job.input.gpuCount) return null;
  return { link, classes };
}

function perGpuW(problem: Problem, job: JobModel, rig: RigModel, c: number): number {
  return jobPowerWPerGpu(problem.input, job.input, rig.classes[c]?.model ?? "", problem.defaultGpuPowerW);
}

function pushClass(classTerms: Map<string, string[]>, r: number, c: number, t: string) {
  const key = `${r}_${c}`;
  const list = classTerms.get(key) ?? [];
  list.push(t);
  classTerms.set(key, list);
}

function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`non-finite coefficient ${v}`);
  return Math.abs(v) < 1e-12 ? "0" : String(Number(v.toPrecision(15)));
}

function term(coef: number, name: string): string {
  return `${num(coef)} ${name}`;
}

function joinTerms(terms: string[]): string {
  return terms.join(" + ").replace(/\+ -/g, "- ");
}

/** LP readers dislike very long lines: break between terms. */
function wrap(row: string): string {
  if (row.length < 240) return row;
  return row.replace(/((?:\S+ ){40})/g, "$1\n  ");
}

function chunk(names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 20) out.push(` ${names.slice(i, i + 20).join(" ")}`);
  return out;
}
