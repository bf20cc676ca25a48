/**
 * The agent's latest sample and its own counters in Prometheus' text exposition format (0.0.4).
 * GPU series take the names of the common nvidia-smi exporters (utkuozdemir/nvidia_gpu_exporter),
 * so existing dashboards and alerts work on them; the agent's own series are rigshift_agent_*.
 * Base units: bytes, watts, hertz, seconds, ratios 0-1 (temperatures stay in degrees C, as those
 * exporters have them). A reading the hardware did not give is left out, never written as 0.
 * Pure: a view in, text out.
 */
import type { TDeviceReading } from "@rigshift/protocol";

export interface TMetricsView {
  agentVersion: string;
  /** The latest hardware reading; null before the first one. */
  sample: { at: number /* unix ms */; devices: readonly TDeviceReading[] } | null;
  /** Batches journalled on disk and not yet acknowledged, and their size in bytes. */
  journalBatches: number;
  journalBytes: number;
  /** Samples the bounded journal dropped since start. */
  droppedSamples: number;
  /** The last acknowledged delivery since start, unix ms; null if none yet. */
  lastDeliveryAt: number | null;
  /** Delivery attempts that failed since start. */
  deliveriesFailed: number;
  /** Devices the thermal guard took out of work since start, and how many are out now. */
  thermalTrips: number;
  thermalExcluded: number;
}

type TLabels = Record<string, string | undefined>;
interface TFamily {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: { labels: TLabels; value: number | undefined }[];
}

const MIB_BYTES = 1024 * 1024;
const MHZ_HZ = 1e6;

const escapeLabel = (v: string) => v.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
const escapeHelp = (v: string) => v.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");

function formatLabels(labels: TLabels): string {
  const parts = Object.entries(labels)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function render(families: TFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    // A reading that is absent (or not a number) is no series at all, never a 0.
    const present = f.samples.filter((s) => s.value !== undefined && Number.isFinite(s.value));
    if (!present.length) continue;
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of present) lines.push(`${f.name}${formatLabels(s.labels)} ${s.value}`);
  }
  return `${lines.join("\n")}\n`;
}

const scaled = (v: number | undefined, factor: number) => (v === undefined ? undefined : v * factor);
// Division, not * 0.01: 57 / 100 is the double nearest 0.57, 57 * 0.01 is not.
const ratio = (pct: number | undefined) => (pct === undefined ? undefined : pct / 100);
const pstateNumber = (p: string | undefined) => (p && /^P\d{1,2}$/.test(p) ? Number(p.slice(1)) : undefined);

/** One family per reading, one series per device that has it. */
function perDevice(devices: readonly TDeviceReading[], labels: (d: TDeviceReading) => TLabels) {
  return (name: string, help: string, value: (d: TDeviceReading) => number | undefined): TFamily => ({
    name,
    help,
    type: "gauge",
    samples: devices.map((d) => ({ labels: labels(d), value: value(d) })),
  });
}

function gpuFamilies(devices: readonly TDeviceReading[]): TFamily[] {
  const gpus = devices.filter((d) => d.kind === "GPU");
  const gauge = perDevice(gpus, (d) => ({ uuid: d.uuid, name: d.model, index: String(d.index) }));
  const info: TFamily = {
    name: "nvidia_smi_gpu_info",
    help: "A constant 1 per GPU, labelled by its identity and PCI bus id",
    type: "gauge",
    samples: gpus.map((d) => ({ labels: { uuid: d.uuid, name: d.model, index: String(d.index), pci_bus_id: d.busId }, value: 1 })),
  };
  return [
    info,
    gauge("nvidia_smi_temperature_gpu", "GPU core temperature, degrees C", (d) => d.tempC),
    gauge("nvidia_smi_temperature_memory", "GPU memory (HBM/GDDR) temperature, degrees C", (d) => d.memTempC),
    gauge("nvidia_smi_power_draw_watts", "Power draw, W", (d) => d.powerW),
    gauge("nvidia_smi_enforced_power_limit_watts", "Power limit the driver enforces, W", (d) => d.powerLimitW),
    gauge("nvidia_smi_utilization_gpu_ratio", "GPU utilization, 0-1", (d) => ratio(d.utilPct)),
    gauge("nvidia_smi_utilization_memory_ratio", "Memory controller utilization, 0-1", (d) => ratio(d.memUtilPct)),
    gauge("nvidia_smi_memory_used_bytes", "Frame buffer memory used, bytes", (d) => scaled(d.vramUsedMb, MIB_BYTES)),
    gauge("nvidia_smi_memory_total_bytes", "Frame buffer memory, bytes", (d) => scaled(d.vramTotalMb, MIB_BYTES)),
    gauge("nvidia_smi_fan_speed_ratio", "Fan speed the driver asks for, 0-1", (d) => ratio(d.fanPct)),
    gauge("nvidia_smi_clocks_current_graphics_clock_hz", "Graphics clock, Hz", (d) => scaled(d.coreClockMhz, MHZ_HZ)),
    gauge("nvidia_smi_clocks_current_memory_clock_hz", "Memory clock, Hz", (d) => scaled(d.memClockMhz, MHZ_HZ)),
    gauge("nvidia_smi_pstate", "Performance state, 0 (P0, fastest) to 15", (d) => pstateNumber(d.pstate)),
  ];
}

function asicFamilies(devices: readonly TDeviceReading[]): TFamily[] {
  const boards = devices.filter((d) => d.kind === "HASHBOARD");
  const board = perDevice(boards, (d) => ({ index: String(d.index), name: d.model }));
  const any = perDevice(devices, (d) => ({ kind: d.kind.toLowerCase(), index: String(d.index), uuid: d.uuid, name: d.model }));
  return [
    any("rigshift_device_hashrate_hashes_per_second", "Hashrate of a device on a mining workload, H/s", (d) => d.hashrateHs),
    board("rigshift_hashboard_temperature_celsius", "Hashboard sensor temperature, degrees C", (d) => d.tempC),
    board("rigshift_hashboard_chip_temperature_celsius", "Hashboard's hottest chip, degrees C", (d) => d.chipTempC),
  ];
}

function agentFamilies(v: TMetricsView): TFamily[] {
  const one = (name: string, help: string, type: TFamily["type"], value: number | undefined, labels: TLabels = {}): TFamily => ({
    name,
    help,
    type,
    samples: [{ labels, value }],
  });
  const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : ms / 1000);
  return [
    one("rigshift_agent_info", "A constant 1 labelled by the agent's version", "gauge", 1, { version: v.agentVersion }),
    one("rigshift_agent_last_sample_timestamp_seconds", "When the latest hardware reading was taken, unix seconds", "gauge", seconds(v.sample?.at)),
    one("rigshift_agent_journal_batches", "Telemetry batches on disk waiting for the control plane", "gauge", v.journalBatches),
    one("rigshift_agent_journal_bytes", "Size of the telemetry journal on disk, bytes", "gauge", v.journalBytes),
    one("rigshift_agent_journal_dropped_samples_total", "Samples dropped because the journal was full, since the agent started", "counter", v.droppedSamples),
    one(
      "rigshift_agent_last_delivery_success_timestamp_seconds",
      "When the control plane last acknowledged a batch since the agent started, unix seconds",
      "gauge",
      seconds(v.lastDeliveryAt),
    ),
    one("rigshift_agent_deliveries_failed_total", "Telemetry deliveries that failed, since the agent started", "counter", v.deliveriesFailed),
    one("rigshift_agent_thermal_trips_total", "Devices taken out of work by the thermal guard, since the agent started", "counter", v.thermalTrips),
    one("rigshift_agent_thermal_excluded_devices", "Devices out of work now because they ran hot", "gauge", v.thermalExcluded),
  ];
}

export function renderMetrics(view: TMetricsView): string {
  const devices = view.sample?.devices ?? [];
  return render([...gpuFamilies(devices), ...asicFamilies(devices), ...agentFamilies(view)]);
}
