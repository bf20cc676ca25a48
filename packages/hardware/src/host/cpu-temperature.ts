import { readdir, readFile } from "node:fs";
import path from "node:path";

/**
 * The CPU's temperature as lm-sensors finds it, read from sysfs without running anything:
 * a CPU sensor chip in /sys/class/hwmon (Intel coretemp, AMD k10temp/zenpower, a SoC's
 * cpu_thermal), else a CPU thermal zone in /sys/class/thermal. Only CPU chips are read: a GPU's
 * hwmon (amdgpu) can block on a hung card, and is the GPU probe's business anyway.
 */
const CPU_CHIPS = new Set(["coretemp", "k10temp", "zenpower", "cpu_thermal", "soc_thermal", "via_cputemp"]);

/** Labels that stand for the whole package, best first (AMD Tdie is Tctl without its offset). */
const PACKAGE_LABELS = [/^tdie$/i, /^tctl$/i, /^package id \d+$/i, /^physical id \d+$/i, /^tccd1$/i];

interface TSensor {
  label?: string;
  input: string;
}

// The callback API, as promises that never reject: node:fs/promises costs the agent about 0.9 MB of RSS to load.
function readTrimmed(file: string): Promise<string | undefined> {
  return new Promise((resolve) => readFile(file, "utf8", (error, text) => resolve(error ? undefined : text.trim())));
}

/**
 * Digit runs compare by value (hwmon2 before hwmon10, temp2_input before temp10_input): the
 * order localeCompare(b, "en", { numeric: true }) gives sysfs names, without its collator, which
 * loads ICU's collation data: about 3 MB of resident memory (a bare node: 40.7 -> 44.0 MB) that
 * the agent kept once it had looked for a CPU sensor.
 */
export function compareNatural(a: string, b: string): number {
  const runsA = a.match(DIGITS_OR_NOT) ?? [];
  const runsB = b.match(DIGITS_OR_NOT) ?? [];
  for (let i = 0; i < runsA.length && i < runsB.length; i++) {
    const x = runsA[i] as string;
    const y = runsB[i] as string;
    if (x === y) continue;
    if (isDigit(x) && isDigit(y)) return Number(x) - Number(y) || y.length - x.length;
    return x < y ? -1 : 1;
  }
  return runsA.length - runsB.length;
}

const DIGITS_OR_NOT = /\d+|\D+/g;
const isDigit = (run: string) => run.charCodeAt(0) >= 48 && run.charCodeAt(0) <= 57;

function list(dir: string): Promise<string[]> {
  return new Promise((resolve) => readdir(dir, (error, names) => resolve(error ? [] : names.sort(compareNatural))));
}

/** A CPU chip's temperature inputs: the package one if labelled so, else every core's, else its first. */
async function chipSensors(chipDir: string): Promise<TSensor[]> {
  const inputs = (await list(chipDir)).filter((file) => /^temp\d+_input$/.test(file));
  const sensors = await Promise.all(
    inputs.map(async (file) => ({ input: path.join(chipDir, file), label: await readTrimmed(path.join(chipDir, file.replace("_input", "_label"))) })),
  );
  for (const pattern of PACKAGE_LABELS) {
    const match = sensors.find((sensor) => sensor.label !== undefined && pattern.test(sensor.label));
    if (match) return [match];
  }
  const cores = sensors.filter((sensor) => sensor.label !== undefined && /^core\s*\d+$/i.test(sensor.label));
  if (cores.length > 0) return cores;
  return sensors.slice(0, 1);
}

/** Where to read, found once and again only when those files stop giving a reading. */
async function findSensors(sysDir: string): Promise<TSensor[]> {
  const hwmon = path.join(sysDir, "class/hwmon");
  for (const entry of await list(hwmon)) {
    const chipDir = path.join(hwmon, entry);
    const name = await readTrimmed(path.join(chipDir, "name"));
    if (name === undefined || !CPU_CHIPS.has(name)) continue;
    const sensors = await chipSensors(chipDir);
    if (sensors.length > 0) return sensors;
  }
  const thermal = path.join(sysDir, "class/thermal");
  for (const entry of (await list(thermal)).filter((name) => name.startsWith("thermal_zone"))) {
    const type = (await readTrimmed(path.join(thermal, entry, "type")))?.toLowerCase();
    if (type === "x86_pkg_temp" || type?.includes("cpu")) return [{ input: path.join(thermal, entry, "temp") }];
  }
  return [];
}

/** Millidegrees Celsius as sysfs gives them, to °C with one decimal; nothing for an unreadable or odd file. */
async function readCelsius(file: string): Promise<number | undefined> {
  const text = await readTrimmed(file);
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Math.round(Number(text) / 100) / 10;
}

export function createCpuTemperatureReader(sysDir: string): () => Promise<number | undefined> {
  let sensors: TSensor[] | undefined;
  return async () => {
    sensors ??= await findSensors(sysDir);
    const values = (await Promise.all(sensors.map((sensor) => readCelsius(sensor.input)))).filter((value): value is number => value !== undefined);
    if (values.length === 0) {
      sensors = undefined;
      return undefined;
    }
    return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;
  };
}
