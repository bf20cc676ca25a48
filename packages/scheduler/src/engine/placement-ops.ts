import type { Candidate } from "./candidates";
import { addFree, aiOptionIndex, aiRuntimeOf, freeGpus, type GreedyState, gpuClassOf, rigChanged, setOption } from "./greedy-state";
import type { JobPools } from "./job-pools";
import { jobScoreUsdPerHour } from "./jobs";
import type { JobModel } from "./model";

/** Undo actions, newest last; a local move that does not pay is rolled back with them. */
export type Journal = (() => void)[];

export function rollback(journal: Journal): void {
  for (let k = journal.length - 1; k >= 0; k--) journal[k]?.();
  journal.length = 0;
}

/** Moves rig r to another option, keeping site budget and pools in step. */
export function switchOption(state: GreedyState, pools: JobPools, r: number, to: number, journal?: Journal): void {
  const before = state.sol.option[r] ?? 0;
  if (before === to) return;
  setOption(state, r, to);
  pools.modeChanged(r);
  journal?.push(() => switchOption(state, pools, r, before));
}

/** Puts a job where the candidate says, switching the rig to AI mode first when needed. */
export function place(state: GreedyState, pools: JobPools, job: JobModel, c: Candidate, journal?: Journal): void {
  if (aiRuntimeOf(state, c.r) === null) {
    const ai = aiOptionIndex(state, c.r, job.input.runtime);
    if (ai < 0) return;
    switchOption(state, pools, c.r, ai, journal);
  }
  if (c.kind === "home") {
    assign(state, pools, job, c.r, null, journal);
  } else {
    const counts = new Array<number>(state.problem.rigs[c.r]?.classes.length ?? 0).fill(0);
    counts[c.cls] = job.input.gpuCount;
    assign(state, pools, job, c.r, counts, journal);
  }
}

/** Places a job on rig r: on its reserved home GPUs when `counts` is null, else from classes. */
export function assign(state: GreedyState, pools: JobPools, job: JobModel, r: number, counts: number[] | null, journal?: Journal): void {
  const { sol } = state;
  const rig = state.problem.rigs[r];
  if (!rig) return;
  sol.jobRig[job.index] = r;
  sol.jobAtHome[job.index] = counts === null ? 1 : 0;
  sol.jobClassCounts[job.index] = counts;
  state.rigJobCount[r] = (state.rigJobCount[r] ?? 0) + 1;
  rigChanged(state, r);
  const list = state.rigJobs.get(r);
  if (list) list.push(job.index);
  else state.rigJobs.set(r, [job.index]);
  if (counts === null) {
    if (state.homeReserved[job.index] !== 1) changeHomeFree(state, pools, job, -1);
  } else for (let c = 0; c < counts.length; c++) changeFree(state, pools, r, c, -(counts[c] ?? 0));
  const out = jobScoreUsdPerHour(state.problem, job, r, counts === null, counts);
  state.siteFreeW[rig.siteIndex] = (state.siteFreeW[rig.siteIndex] ?? 0) - out.powerW;
  journal?.push(() => unassign(state, pools, job));
}

/** Takes a placed job off its rig, freeing its GPUs and watts; the rig keeps its mode. */
export function unassign(state: GreedyState, pools: JobPools, job: JobModel, journal?: Journal): void {
  const { sol } = state;
  const r = sol.jobRig[job.index] ?? -1;
  const rig = state.problem.rigs[r];
  if (!rig || job.forcedRig >= 0) return;
  const atHome = sol.jobAtHome[job.index] === 1;
  const counts = sol.jobClassCounts[job.index] ?? null;
  const out = jobScoreUsdPerHour(state.problem, job, r, atHome, counts);
  state.siteFreeW[rig.siteIndex] = (state.siteFreeW[rig.siteIndex] ?? 0) + out.powerW;
  if (atHome) changeHomeFree(state, pools, job, +1);
  else if (counts) for (let c = 0; c < counts.length; c++) changeFree(state, pools, r, c, counts[c] ?? 0);
  sol.jobRig[job.index] = -1;
  sol.jobAtHome[job.index] = 0;
  sol.jobClassCounts[job.index] = null;
  state.rigJobCount[r] = (state.rigJobCount[r] ?? 0) - 1;
  rigChanged(state, r);
  const list = state.rigJobs.get(r);
  if (list) list.splice(list.indexOf(job.index), 1);
  journal?.push(() => assign(state, pools, job, r, atHome ? null : counts));
}

/** The job's reserved home GPUs go back to their classes for other jobs (for good, unless rolled back). */
export function releaseHome(state: GreedyState, pools: JobPools, job: JobModel, journal?: Journal): void {
  if (state.homeReserved[job.index] !== 1) return;
  changeHomeFree(state, pools, job, +1);
  journal?.push(() => changeHomeFree(state, pools, job, -1));
}

function changeHomeFree(state: GreedyState, pools: JobPools, job: JobModel, delta: 1 | -1): void {
  if (!job.home) return;
  const r = job.home.rigIndex;
  for (const g of job.home.gpuIndices) {
    const c = gpuClassOf(state, r, g);
    if (c >= 0) changeFree(state, pools, r, c, delta);
  }
  state.homeReserved[job.index] = delta < 0 ? 1 : 0;
}

function changeFree(state: GreedyState, pools: JobPools, r: number, c: number, delta: number): void {
  if (delta === 0) return;
  const before = freeGpus(state, r, c);
  addFree(state, r, c, delta);
  pools.freeChanged(r, c, before);
}
