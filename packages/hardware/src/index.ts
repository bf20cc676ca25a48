export * from "./backend";
export { type CgminerBackend, createCgminerBackend, type TCgminerBackendOptions } from "./backends/cgminer";
export { createNvidiaRigBackend, type NvidiaRigBackend, type TNvidiaRigBackendOptions } from "./backends/nvidia-rig";
export * from "./catalog";
export type { TAsicBoard } from "./cgminer/boards";
export { cgminerRequest, type TCgminerRequest, type TCgminerResult } from "./cgminer/client";
export {
  MINER_CONTROL,
  MinerCommandFailed,
  sendMinerControl,
  type TControlSupport,
  type TMinerCommand,
  type TMinerCommandKind,
  type TMinerControlRequest,
  type TMinerControlResult,
  UnsupportedCommand,
} from "./cgminer/control";
export { decodeCgminerReply, type TDecodeResult } from "./cgminer/decode";
export { detectFirmware, detectModel, FIRMWARE_LABEL, type TFirmware } from "./cgminer/firmware";
export { boardToDeviceReading, boardToInventory, minerToInventory, minerToReadings, minerToRigReading } from "./cgminer/map";
export { collectMinerData, type TMinerData, type TReplies } from "./cgminer/miner-data";
export type { TPool } from "./cgminer/pools";
export type { TMinerSummary } from "./cgminer/summary";
export { createHostProbe, type HostProbe, type THostProbeOptions, type TSystemInformation } from "./host/probe";
export { inspectCapture, type TCaptureFormat, type TInspectInput, type TInspectResult } from "./inspect";
export { parseNvidiaSmiCsv, queryFieldsFromCommand } from "./nvidia/csv";
export { gpusToDevices, gpusToInventory, gpuToDeviceReading, gpuToInventory } from "./nvidia/map";
export { createNvidiaSmiProbe, type NvidiaSmiProbe, type TNvidiaSmiProbeOptions, type TNvidiaSmiResult } from "./nvidia/run";
export { type TGpuInfo, type TNvidiaSmiReport, UnparseableOutputError } from "./nvidia/types";
export { parseNvidiaSmiXml } from "./nvidia/xml";
export { createSimulatedBackend, type TSimulatedRigSpec } from "./simulated";
