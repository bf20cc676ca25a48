import type { TDeviceInventory, TDeviceReading, TRigReading } from "@rigshift/protocol";
import type { TInventory, TProbeProblem } from "../backend";
import { sanitizeDeviceInventory, sanitizeDeviceReading, sanitizeRigReading } from "../util/sanitize";
import type { TAsicBoard } from "./boards";
import type { TMinerData } from "./miner-data";

const SOURCE = "cgminer";
const UNKNOWN_MODEL = "ASIC miner (model not reported)";

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * New hardware errors since the previous reading of the same board. The counter restarts
 * with the mining process; a drop means a restart, so everything counted now is new.
 */
function newErrors(now: number | undefined, before: number | undefined): number | undefined {
  if (now === undefined || before === undefined) return undefined;
  return now >= before ? now - before : now;
}

export function minerToRigReading(data: TMinerData): TRigReading {
  return defined<TRigReading>({ hashrateHs: data.hashrateHs, powerW: data.powerW, inletTempC: data.inletTempC });
}

export function boardToDeviceReading(board: TAsicBoard, model: string | undefined, previous?: TAsicBoard): TDeviceReading {
  return defined<TDeviceReading>({
    index: board.index,
    kind: "HASHBOARD",
    model,
    tempC: board.boardTempC,
    chipTempC: board.chipTempC,
    hashrateHs: board.hashrateHs,
    errors: newErrors(board.hardwareErrors, previous?.hardwareErrors),
  });
}

export function boardToInventory(board: TAsicBoard, model: string | undefined): TDeviceInventory {
  return defined<TDeviceInventory>({
    index: board.index,
    kind: "HASHBOARD",
    model: model ?? UNKNOWN_MODEL,
    nominalThs: board.nominalHs === undefined ? undefined : board.nominalHs / 1e12,
  });
}

/** Rig and board readings checked against the protocol; `previous` is the last poll's boards. */
export function minerToReadings(data: TMinerData, previous: TAsicBoard[] = []) {
  const problems: TProbeProblem[] = [...data.problems];
  const rig = sanitizeRigReading(minerToRigReading(data), SOURCE);
  problems.push(...rig.problems);
  const devices = data.boards.map((board) => {
    const checked = sanitizeDeviceReading(boardToDeviceReading(board, data.model, previous[board.index]), SOURCE);
    problems.push(...checked.problems);
    return checked.value;
  });
  return { rig: rig.value, devices, problems };
}

export function minerToInventory(data: TMinerData): { inventory: TInventory; problems: TProbeProblem[] } {
  const problems: TProbeProblem[] = [];
  const devices = data.boards.map((board) => {
    const checked = sanitizeDeviceInventory(boardToInventory(board, data.model), SOURCE);
    problems.push(...checked.problems);
    return checked.value;
  });
  return { inventory: { kind: "ASIC", model: data.model ?? UNKNOWN_MODEL, devices }, problems };
}
