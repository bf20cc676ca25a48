-- Raw telemetry is partitioned by day on "at" (native Postgres range partitioning) so that
-- retention drops whole partitions instead of deleting rows. Partitions are created ahead and
-- dropped after the retention period by the scheduler worker (packages/db/src/telemetry/partitions.ts).
-- A DEFAULT partition catches anything outside the prepared days, so an insert never fails.
-- Existing rows are carried over.

ALTER TABLE "RigSample" RENAME TO "RigSample_old";
ALTER TABLE "DeviceSample" RENAME TO "DeviceSample_old";
ALTER INDEX "RigSample_pkey" RENAME TO "RigSample_old_pkey";
ALTER INDEX "DeviceSample_pkey" RENAME TO "DeviceSample_old_pkey";
DROP INDEX IF EXISTS "RigSample_at_idx";
DROP INDEX IF EXISTS "DeviceSample_rigId_at_idx";
DROP INDEX IF EXISTS "DeviceSample_at_idx";

CREATE TABLE "RigSample" (
    "rigId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "powerW" REAL,
    "cpuLoadPct" REAL,
    "memUsedMb" INTEGER,
    "memTotalMb" INTEGER,
    "inletTempC" REAL,
    "hashrateHs" DOUBLE PRECISION,
    "mode" "WorkMode",
    "workload" TEXT,
    CONSTRAINT "RigSample_pkey" PRIMARY KEY ("rigId", "at")
) PARTITION BY RANGE ("at");

CREATE TABLE "DeviceSample" (
    "deviceId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "rigId" INTEGER NOT NULL,
    "tempC" REAL,
    "memTempC" REAL,
    "powerW" REAL,
    "utilPct" REAL,
    "vramUsedMb" INTEGER,
    "fanPct" REAL,
    "coreClockMhz" INTEGER,
    "memClockMhz" INTEGER,
    "hashrateHs" DOUBLE PRECISION,
    "errors" INTEGER,
    CONSTRAINT "DeviceSample_pkey" PRIMARY KEY ("deviceId", "at")
) PARTITION BY RANGE ("at");

CREATE INDEX "RigSample_at_idx" ON "RigSample"("at");
CREATE INDEX "DeviceSample_rigId_at_idx" ON "DeviceSample"("rigId", "at");
CREATE INDEX "DeviceSample_at_idx" ON "DeviceSample"("at");

CREATE TABLE "RigSample_default" PARTITION OF "RigSample" DEFAULT;
CREATE TABLE "DeviceSample_default" PARTITION OF "DeviceSample" DEFAULT;

INSERT INTO "RigSample" ("rigId", "at", "powerW", "cpuLoadPct", "memUsedMb", "memTotalMb", "inletTempC", "hashrateHs", "mode", "workload") SELECT "rigId", "at", "powerW", "cpuLoadPct", "memUsedMb", "memTotalMb", "inletTempC", "hashrateHs", "mode", "workload" FROM "RigSample_old";
INSERT INTO "DeviceSample" ("deviceId", "at", "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", "errors") SELECT "deviceId", "at", "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", "errors" FROM "DeviceSample_old";
DROP TABLE "RigSample_old";
DROP TABLE "DeviceSample_old";
