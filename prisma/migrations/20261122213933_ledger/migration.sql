-- CreateEnum
CREATE TYPE "EnergySource" AS ENUM ('MEASURED', 'CATALOGUE');

-- CreateEnum
CREATE TYPE "ElectricityPriceSource" AS ENUM ('REAL_TIME', 'DAY_AHEAD');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('CSV', 'XLSX', 'PDF');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "rigId" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "siteId" INTEGER NOT NULL,
    "mode" "WorkMode" NOT NULL,
    "mineSeconds" INTEGER NOT NULL,
    "aiSeconds" INTEGER NOT NULL,
    "idleSeconds" INTEGER NOT NULL,
    "minutesMeasured" INTEGER NOT NULL,
    "energyWh" DOUBLE PRECISION NOT NULL,
    "energySource" "EnergySource" NOT NULL,
    "priceMicroUsdPerMwh" BIGINT,
    "priceSource" "ElectricityPriceSource",
    "energyCostMicroUsd" BIGINT NOT NULL,
    "hashpriceMicroUsdPerThDay" BIGINT,
    "miningRevenueMicroUsd" BIGINT NOT NULL,
    "aiGpuSeconds" INTEGER NOT NULL,
    "aiRevenueMicroUsd" BIGINT NOT NULL,
    "cfMiningRevenueMicroUsd" BIGINT NOT NULL,
    "cfEnergyWh" DOUBLE PRECISION NOT NULL,
    "cfEnergyCostMicroUsd" BIGINT NOT NULL,
    "decisionId" BIGINT,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "buildId" INTEGER,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("hour","rigId")
);

-- CreateTable
CREATE TABLE "LedgerBuild" (
    "id" SERIAL NOT NULL,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "LedgerBuild_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerRevision" (
    "id" BIGSERIAL NOT NULL,
    "buildId" INTEGER NOT NULL,
    "rigId" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "LedgerRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportJob" (
    "id" SERIAL NOT NULL,
    "requestedById" INTEGER NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "params" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "progressPct" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "filePath" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "bytes" BIGINT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LedgerBuild_startedAt_idx" ON "LedgerBuild"("startedAt");

-- CreateIndex
CREATE INDEX "LedgerRevision_rigId_hour_idx" ON "LedgerRevision"("rigId", "hour");

-- CreateIndex
CREATE INDEX "LedgerRevision_buildId_idx" ON "LedgerRevision"("buildId");

-- CreateIndex
CREATE INDEX "ExportJob_requestedById_createdAt_idx" ON "ExportJob"("requestedById", "createdAt");

-- AddForeignKey
ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
