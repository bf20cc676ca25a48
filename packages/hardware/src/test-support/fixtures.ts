import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Test-only: the captured hardware outputs live beside the repository, in `../shared/fixtures`
 * (this file is <repo>/packages/hardware/src/test-support/fixtures.ts). Resolved from this
 * file rather than from the working directory so that any runner, from any folder, finds them.
 */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../../../shared/fixtures/", import.meta.url));

export function fixturePath(relative: string): string {
  return `${FIXTURES_DIR}${relative}`;
}

/** Exact bytes of a fixture (never modified: parsers get what the hardware sent). */
export function fixtureBytes(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}

export function fixtureText(relative: string): string {
  return fixtureBytes(relative).toString("utf8");
}

export function fixtureFiles(folder: string, suffix: string): string[] {
  return readdirSync(fixturePath(folder))
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** One row of the fixtures README table: which file, and how it was captured. */
export interface TFixtureRow {
  file: string;
  command: string;
  check: string;
}

/** The README is the record of how each capture was made; tests select files from it. */
export function fixtureReadmeRows(): TFixtureRow[] {
  return (
    fixtureText("README.md")
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| File") && !line.startsWith("|---"))
      // Cells may contain escaped pipes ("GTX 1080 x2 \| driver 460"): split on bare ones only.
      .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()))
      .map((cells) => ({ file: cells[1] ?? "", command: cells[7] ?? "", check: cells[8] ?? "" }))
  );
}
