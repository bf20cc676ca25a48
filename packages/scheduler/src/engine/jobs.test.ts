import { describe, expect, it } from "vitest";
import { checkPlan } from "./check-plan";
import { planEpoch } from "./solve-epoch";
import { decisionOf, engineInput, gpuRig, gpus, job, NOW_MS } from "./testing/fixtures";
import type { EngineInput } from "./types";

interface Case {
  name: string;
  input: EngineInput;
  placed: number[]; // job ids expected placed
  unplaced: number[];
  on?: { jobId: number; rigId: number }[];
}

const cases: Case[] = [
  {
    name: "same value: higher priority gets the only rig",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ id: 1, priority: 1 }), job({ id: 2, priority: 5 })] }),
    placed: [2],
    unplaced: [1],
  },
  {
    name: "same value and priority: the earlier deadline first",
    input: engineInput({
      rigs: [gpuRig()],
      jobs: [job({ id: 1, deadlineMs: NOW_MS + 7_200_000 }), job({ id: 2, deadlineMs: NOW_MS + 3_600_000 })],
    }),
    placed: [2],
    unplaced: [1],
  },
  {
    name: "priority does not beat a job worth 50% more",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ id: 1, priority: 9 }), job({ id: 2, priceUsdPerGpuHour: 0.525 })] }),
    placed: [2],
    unplaced: [1],
  },
  {
    name: "several jobs share a rig on disjoint GPUs",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ id: 1, gpuCount: 4 }), job({ id: 2, gpuCount: 2 }), job({ id: 3, gpuCount: 2 })] }),
    placed: [1, 2, 3],
    unplaced: [],
  },
  {
    name: "a running preemptible job keeps its GPUs",
    input: engineInput({
      rigs: [gpuRig({ id: 1 }), gpuRig({ id: 2, hostname: "gpu-02", current: { mode: "AI", workload: "vllm", sinceMs: 0, jobIds: [5] } })],
      jobs: [job({ id: 5, gpuCount: 2, running: true, placement: { rigId: 2, gpuIndices: [6, 7] } })],
    }),
    placed: [5],
    unplaced: [],
    on: [{ jobId: 5, rigId: 2 }],
  },
  {
    name: "a cheap preemptible job yields its rig to an 8-GPU job worth far more",
    input: engineInput({
      rigs: [gpuRig({ current: { mode: "AI", workload: "vllm", sinceMs: 0, jobIds: [5] } })],
      jobs: [job({ id: 5, gpuCount: 1, priceUsdPerGpuHour: 0.1, running: true, placement: { rigId: 1, gpuIndices: [0] } }), job({ id: 6, priceUsdPerGpuHour: 2 })],
    }),
    placed: [6],
    unplaced: [5],
  },
  {
    name: "a non-preemptible job does not yield",
    input: engineInput({
      rigs: [gpuRig({ current: { mode: "AI", workload: "vllm", sinceMs: 0, jobIds: [5] } })],
      jobs: [
        job({ id: 5, gpuCount: 1, priceUsdPerGpuHour: 0.1, preemptible: false, running: true, placement: { rigId: 1, gpuIndices: [0] } }),
        job({ id: 6, priceUsdPerGpuHour: 2 }),
      ],
    }),
    placed: [5],
    unplaced: [6],
  },
  {
    name: "a small job leaves the big rig to the job that needs it",
    input: engineInput({
      rigs: [gpuRig({ id: 1 }), gpuRig({ id: 2, hostname: "gpu-02", gpus: gpus(2) })],
      jobs: [job({ id: 1, gpuCount: 2, priceUsdPerGpuHour: 0.5 }), job({ id: 2, gpuCount: 8, priceUsdPerGpuHour: 0.45 })],
    }),
    placed: [1, 2],
    unplaced: [],
    on: [
      { jobId: 1, rigId: 2 },
      { jobId: 2, rigId: 1 },
    ],
  },
  {
    name: "a job that loses money is not placed",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ priceUsdPerGpuHour: 0.001 })] }),
    placed: [],
    unplaced: [17],
  },
];

describe("job placement", () => {
  it.each(cases)("$name", (c) => {
    const plan = planEpoch(c.input);
    expect(checkPlan(c.input, plan)).toEqual([]);
    expect(plan.placements.map((p) => p.jobId).sort()).toEqual([...c.placed].sort());
    expect(plan.unplacedJobs.map((u) => u.jobId).sort()).toEqual([...c.unplaced].sort());
    for (const { jobId, rigId } of c.on ?? []) expect(plan.placements.find((p) => p.jobId === jobId)?.rigId).toBe(rigId);
  });

  it("a kept job stays on the same GPUs", () => {
    const input = engineInput({
      rigs: [gpuRig({ current: { mode: "AI", workload: "vllm", sinceMs: 0, jobIds: [5] } })],
      jobs: [job({ id: 5, gpuCount: 2, running: true, placement: { rigId: 1, gpuIndices: [3, 6] } }), job({ id: 6, gpuCount: 4 })],
    });
    const plan = planEpoch(input);
    expect(plan.placements.find((p) => p.jobId === 5)?.gpuIndices).toEqual([3, 6]);
    expect(plan.placements.find((p) => p.jobId === 6)?.gpuIndices).toEqual([0, 1, 2, 4]);
    expect(decisionOf(plan, 1).jobIds).toEqual([5, 6]);
  });
});
