-- Incremental rollups: late telemetry to re-roll, and how far the rollups have rolled
-- CreateTable
CREATE TABLE "LateTelemetry" (
    "id" BIGSERIAL NOT NULL,
    "rigId" INTEGER NOT NULL,
    "fromAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LateTelemetry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupState" (
    "key" TEXT NOT NULL,
    "rolledTo" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("key")
);

