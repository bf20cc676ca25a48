/** A scenario or one of its price files cannot be replayed; `problems` says where and why, one line each. */
export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`scenario rejected:\n  ${problems.slice(0, 20).join("\n  ")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ""}`);
    this.name = "ScenarioError";
  }
}
