"use client";
import { useMemo, useState } from "react";
import { GRANULARITY_LABEL, GROUP_LABEL, PRESETS, presetRange, type TGranularity, type TGroupBy, type TOptions, type TPreset } from "./report-options";

const ZONES = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
})();

/** Period (a preset or two dates), grouping, granularity and time zone. */
export function ReportControls({ options, onChange }: { options: TOptions; onChange: (o: TOptions) => void }) {
  const [preset, setPreset] = useState<TPreset | "custom">("last7");
  const [zone, setZone] = useState(options.timeZone);
  const zones = useMemo(() => (ZONES.includes("UTC") ? ZONES : ["UTC", ...ZONES]), []);
  const set = (patch: Partial<TOptions>) => onChange({ ...options, ...patch });
  return (
    <form className="filters" aria-label="Report options" onSubmit={(e) => e.preventDefault()}>
      <label className="filter">
        <span>Period</span>
        <select
          aria-label="Period"
          value={preset}
          onChange={(e) => {
            const p = e.target.value as TPreset | "custom";
            setPreset(p);
            if (p !== "custom") set(presetRange(p, options.timeZone));
          }}
        >
          {Object.entries(PRESETS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
          <option value="custom">Custom</option>
        </select>
      </label>
      <label className="filter">
        <span>From</span>
        <input
          type="date"
          aria-label="From"
          value={options.from}
          max={options.to}
          onChange={(e) => {
            if (!e.target.value) return;
            setPreset("custom");
            set({ from: e.target.value });
          }}
        />
      </label>
      <label className="filter">
        <span>To (inclusive)</span>
        <input
          type="date"
          aria-label="To"
          value={options.to}
          min={options.from}
          onChange={(e) => {
            if (!e.target.value) return;
            setPreset("custom");
            set({ to: e.target.value });
          }}
        />
      </label>
      <label className="filter">
        <span>Group by</span>
        <select aria-label="Group by" value={options.groupBy} onChange={(e) => set({ groupBy: e.target.value as TGroupBy })}>
          {Object.entries(GROUP_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Granularity</span>
        <select aria-label="Granularity" value={options.granularity} onChange={(e) => set({ granularity: e.target.value as TGranularity })}>
          {Object.entries(GRANULARITY_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter grow">
        <span>Time zone</span>
        <input
          aria-label="Time zone"
          list="report-zones"
          value={zone}
          onChange={(e) => {
            setZone(e.target.value);
            if (zones.includes(e.target.value)) set({ timeZone: e.target.value });
          }}
        />
        <datalist id="report-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
    </form>
  );
}
