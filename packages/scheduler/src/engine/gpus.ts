import { exactSize } from "./arrays";
import type { GpuClass } from "./model";
import { keepShape } from "./shapes";
import type { RigInput } from "./types";

// GPU facts of a rig: which GPUs jobs may use, and what an operator should be told about them.
// Hot path (once per rig): plain loops, no callbacks (see rig-options.ts).

/** "GPU 2 unhealthy", "GPU 3 at 91 C above 85 C limit": none for most rigs. */
export function gpuNotes(rig: RigInput, maxGpuTempC: number): string[] {
  let notes: string[] | null = null;
  for (const gpu of rig.gpus) {
    const hot = gpu.tempC !== undefined && gpu.tempC > maxGpuTempC;
    if (gpu.healthy && !hot) continue;
    notes ??= [];
    if (!gpu.healthy) notes.push(`GPU ${gpu.index} unhealthy`);
    else notes.push(`GPU ${gpu.index} at ${fmtC(gpu.tempC ?? 0)} C above ${fmtC(maxGpuTempC)} C limit`);
  }
  return notes ? exactSize(notes) : NO_NOTES;
}

const NO_NOTES: string[] = [];

/**
 * Class lists of rigs whose GPUs are all usable, alike, and indexed 0 .. n - 1 (most rigs): one
 * list per (model, VRAM, count), shared by those rigs. Lists are never changed once built.
 */
export class SharedClassLists {
  private readonly byModel = new Map<string, Map<number, GpuClass[][]>>();

  get(model: string, vramMb: number, count: number): GpuClass[] {
    let byVram = this.byModel.get(model);
    if (!byVram) {
      byVram = new Map();
      this.byModel.set(model, byVram);
    }
    let byCount = byVram.get(vramMb);
    if (!byCount) {
      byCount = [];
      byVram.set(vramMb, byCount);
    }
    let list = byCount[count];
    if (!list) {
      const indices: number[] = [];
      for (let g = 0; g < count; g++) indices.push(g);
      list = [{ model, vramMb, indices: exactSize(indices) }];
      byCount[count] = list;
    }
    return list;
  }
}

keepShape(new SharedClassLists()); // see shapes.ts

/** GPUs a new or kept job may use: healthy, at or below the GPU temperature limit, not held by forced jobs. */
export function eligibleClasses(rig: RigInput, maxGpuTempC: number, heldIndices: readonly number[], shared: SharedClassLists): GpuClass[] {
  if (heldIndices.length === 0 && allUsableAndAlike(rig, maxGpuTempC)) {
    const first = rig.gpus[0] as RigInput["gpus"][number];
    return shared.get(first.model, first.vramMb, rig.gpus.length);
  }
  const classes: GpuClass[] = [];
  for (const gpu of rig.gpus) {
    if (!gpu.healthy || heldIndices.includes(gpu.index)) continue;
    if (gpu.tempC !== undefined && gpu.tempC > maxGpuTempC) continue;
    let cls: GpuClass | null = null;
    for (const c of classes) if (c.model === gpu.model && c.vramMb === gpu.vramMb) cls = c;
    if (!cls) {
      cls = { model: gpu.model, vramMb: gpu.vramMb, indices: [] };
      classes.push(cls);
    }
    cls.indices.push(gpu.index);
  }
  for (const c of classes) c.indices = exactSize(c.indices);
  return exactSize(classes);
}

/** Whether every GPU is healthy, cool enough, of the first GPU's model and VRAM, and GPU k has index k. */
function allUsableAndAlike(rig: RigInput, maxGpuTempC: number): boolean {
  const { gpus } = rig;
  const first = gpus[0];
  if (!first) return false;
  for (let k = 0; k < gpus.length; k++) {
    const gpu = gpus[k] as RigInput["gpus"][number];
    if (!gpu.healthy || (gpu.tempC !== undefined && gpu.tempC > maxGpuTempC)) return false;
    if (gpu.index !== k || gpu.model !== first.model || gpu.vramMb !== first.vramMb) return false;
  }
  return true;
}

export function fmtC(c: number): string {
  return Number.isInteger(c) ? String(c) : c.toFixed(1);
}
