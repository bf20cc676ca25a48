import { exactSize } from "./arrays";
import type { GpuClass } from "./model";
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

/** GPUs a new or kept job may use: healthy, at or below the GPU temperature limit, not held by forced jobs. */
export function eligibleClasses(rig: RigInput, maxGpuTempC: number, heldIndices: readonly number[]): GpuClass[] {
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

export function fmtC(c: number): string {
  return Number.isInteger(c) ? String(c) : c.toFixed(1);
}
