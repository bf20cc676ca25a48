/** Structured JSON logs, one object per line on stdout (journald keeps them). Never log secrets. */
export type TLogLevel = "debug" | "info" | "warn" | "error";
export interface Logger {
  log(level: TLogLevel, msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function jsonLogger(base: Record<string, unknown> = {}, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), minLevel: TLogLevel = "info"): Logger {
  const order: TLogLevel[] = ["debug", "info", "warn", "error"];
  return {
    log(level, msg, fields) {
      if (order.indexOf(level) < order.indexOf(minLevel)) return;
      write(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields }));
    },
    child(fields) {
      return jsonLogger({ ...base, ...fields }, write, minLevel);
    },
  };
}

export const silentLogger: Logger = { log() {}, child: () => silentLogger };
