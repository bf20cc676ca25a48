-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'OPERATOR', 'FINANCE', 'VIEWER');

-- CreateEnum
CREATE TYPE "RigKind" AS ENUM ('GPU_RIG', 'ASIC');

-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('GPU', 'HASHBOARD');

-- CreateEnum
CREATE TYPE "RigLifecycle" AS ENUM ('ACTIVE', 'MAINTENANCE', 'RETIRED');

-- CreateEnum
CREATE TYPE "WorkMode" AS ENUM ('MINE', 'AI', 'IDLE');

-- CreateEnum
CREATE TYPE "DesiredStateSource" AS ENUM ('DEFAULT', 'SCHEDULER', 'OPERATOR');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'PLACED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PriceKind" AS ENUM ('ELECTRICITY', 'HASHPRICE', 'COIN', 'GPU_RENTAL');

-- CreateEnum
CREATE TYPE "FeedKind" AS ENUM ('MANUAL', 'CSV', 'HTTP');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "customer" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" INTEGER,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "marketZone" TEXT NOT NULL,
    "powerCapKw" DOUBLE PRECISION NOT NULL,
    "coolingCapacityKw" DOUBLE PRECISION NOT NULL,
    "pue" DOUBLE PRECISION NOT NULL DEFAULT 1.1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rack" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Rack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rig" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "rackId" INTEGER,
    "hostname" TEXT NOT NULL,
    "kind" "RigKind" NOT NULL,
    "model" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lifecycle" "RigLifecycle" NOT NULL DEFAULT 'ACTIVE',
    "agentVersion" TEXT,
    "lastSeenAt" TIMESTAMPTZ(3),
    "pinnedMode" "WorkMode",
    "pinnedWorkload" TEXT,
    "pinnedUntil" TIMESTAMPTZ(3),
    "workloads" JSONB NOT NULL DEFAULT '[]',
    "enrolledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" SERIAL NOT NULL,
    "rigId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "uuid" TEXT,
    "model" TEXT NOT NULL,
    "vramMb" INTEGER,
    "powerLimitW" DOUBLE PRECISION,
    "nominalThs" DOUBLE PRECISION,
    "nominalW" DOUBLE PRECISION,
    "busId" TEXT,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuModel" (
    "name" TEXT NOT NULL,
    "boardPowerW" DOUBLE PRECISION NOT NULL,
    "fp32Tflops" DOUBLE PRECISION,
    "fp16Tflops" DOUBLE PRECISION,
    "memoryGb" DOUBLE PRECISION,
    "source" TEXT NOT NULL,

    CONSTRAINT "GpuModel_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AsicModel" (
    "name" TEXT NOT NULL,
    "hashrateThs" DOUBLE PRECISION NOT NULL,
    "powerW" DOUBLE PRECISION NOT NULL,
    "efficiencyJTh" DOUBLE PRECISION NOT NULL,
    "priceUsd" DOUBLE PRECISION,
    "cooling" TEXT,
    "source" TEXT NOT NULL,

    CONSTRAINT "AsicModel_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "EnrollmentToken" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "siteId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "usedByRigId" INTEGER,
    "revokedAt" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "EnrollmentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentToken" (
    "id" SERIAL NOT NULL,
    "rigId" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentEvent" (
    "id" BIGSERIAL NOT NULL,
    "rigId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "AgentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelemetryBatch" (
    "rigId" INTEGER NOT NULL,
    "batchId" UUID NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sampleCount" INTEGER NOT NULL,

    CONSTRAINT "TelemetryBatch_pkey" PRIMARY KEY ("rigId","batchId")
);

-- CreateTable
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

    CONSTRAINT "RigSample_pkey" PRIMARY KEY ("rigId","at")
);

-- CreateTable
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

    CONSTRAINT "DeviceSample_pkey" PRIMARY KEY ("deviceId","at")
);

-- CreateTable
CREATE TABLE "RigState" (
    "rigId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "powerW" REAL,
    "maxTempC" REAL,
    "avgUtilPct" REAL,
    "hashrateHs" DOUBLE PRECISION,
    "cpuLoadPct" REAL,
    "mode" "WorkMode",
    "workload" TEXT,
    "appliedGeneration" INTEGER,
    "healthy" BOOLEAN NOT NULL DEFAULT true,
    "devices" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "RigState_pkey" PRIMARY KEY ("rigId")
);

-- CreateTable
CREATE TABLE "MiningProfile" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "coin" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "poolUrl" TEXT NOT NULL,
    "poolFeeBps" INTEGER NOT NULL DEFAULT 200,

    CONSTRAINT "MiningProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MiningProfileRate" (
    "profileId" INTEGER NOT NULL,
    "hardwareModel" TEXT NOT NULL,
    "hashrateHs" DOUBLE PRECISION NOT NULL,
    "powerW" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "MiningProfileRate_pkey" PRIMARY KEY ("profileId","hardwareModel")
);

-- CreateTable
CREATE TABLE "AiJob" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "customer" TEXT NOT NULL,
    "apiKeyId" INTEGER,
    "gpuCount" INTEGER NOT NULL,
    "minVramGbPerGpu" DOUBLE PRECISION NOT NULL,
    "gpuModels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "priceMicroUsdPerGpuHour" BIGINT NOT NULL,
    "durationSeconds" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "deadline" TIMESTAMPTZ(3),
    "preemptible" BOOLEAN NOT NULL DEFAULT true,
    "runtimeProfile" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "gpuSecondsDone" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AiJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Placement" (
    "id" SERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "rigId" INTEGER NOT NULL,
    "gpuIndices" INTEGER[],
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "endReason" TEXT,
    "decisionId" BIGINT,
    "activeJobId" INTEGER,

    CONSTRAINT "Placement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SitePolicy" (
    "siteId" INTEGER NOT NULL,
    "maxInletTempC" DOUBLE PRECISION NOT NULL DEFAULT 35,
    "maxGpuTempC" DOUBLE PRECISION NOT NULL DEFAULT 83,
    "minDwellSeconds" INTEGER NOT NULL DEFAULT 900,
    "hysteresisBps" INTEGER NOT NULL DEFAULT 500,
    "curtailStrikeMicroUsdPerMwh" BIGINT,
    "fallbackMode" "WorkMode" NOT NULL DEFAULT 'MINE',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT,

    CONSTRAINT "SitePolicy_pkey" PRIMARY KEY ("siteId")
);

-- CreateTable
CREATE TABLE "PowerCapWindow" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "capKw" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "PowerCapWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulerRun" (
    "id" SERIAL NOT NULL,
    "epochStart" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "workerId" TEXT NOT NULL,
    "rigsSeen" INTEGER NOT NULL DEFAULT 0,
    "changes" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "SchedulerRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" BIGSERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "rigId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "mode" "WorkMode" NOT NULL,
    "workload" TEXT,
    "jobId" INTEGER,
    "expectedMicroUsdPerHour" BIGINT NOT NULL,
    "alternatives" JSONB NOT NULL DEFAULT '[]',
    "reasonCode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DesiredState" (
    "rigId" INTEGER NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "mode" "WorkMode" NOT NULL,
    "workload" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "jobs" JSONB NOT NULL DEFAULT '[]',
    "source" "DesiredStateSource" NOT NULL DEFAULT 'DEFAULT',
    "decisionId" BIGINT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DesiredState_pkey" PRIMARY KEY ("rigId")
);

-- CreateTable
CREATE TABLE "PriceFeed" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FeedKind" NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "lastOkAt" TIMESTAMPTZ(3),
    "lastError" TEXT,

    CONSTRAINT "PriceFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceSeries" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "PriceKind" NOT NULL,
    "unit" TEXT NOT NULL,
    "zone" TEXT,
    "feedId" INTEGER NOT NULL,

    CONSTRAINT "PriceSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PricePoint" (
    "seriesId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "intervalSeconds" INTEGER NOT NULL,
    "valueMicroUsd" BIGINT NOT NULL,

    CONSTRAINT "PricePoint_pkey" PRIMARY KEY ("seriesId","at")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "rigId" INTEGER,
    "siteId" INTEGER,
    "kind" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "message" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "Site_code_key" ON "Site"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Rack_siteId_name_key" ON "Rack"("siteId", "name");

-- CreateIndex
CREATE INDEX "Rig_siteId_idx" ON "Rig"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "Rig_siteId_hostname_key" ON "Rig"("siteId", "hostname");

-- CreateIndex
CREATE UNIQUE INDEX "Device_rigId_index_key" ON "Device"("rigId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "EnrollmentToken_tokenHash_key" ON "EnrollmentToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "AgentToken_tokenHash_key" ON "AgentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AgentToken_rigId_idx" ON "AgentToken"("rigId");

-- CreateIndex
CREATE INDEX "AgentEvent_rigId_at_idx" ON "AgentEvent"("rigId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "AgentEvent_rigId_eventId_key" ON "AgentEvent"("rigId", "eventId");

-- CreateIndex
CREATE INDEX "TelemetryBatch_receivedAt_idx" ON "TelemetryBatch"("receivedAt");

-- CreateIndex
CREATE INDEX "RigSample_at_idx" ON "RigSample"("at");

-- CreateIndex
CREATE INDEX "DeviceSample_rigId_at_idx" ON "DeviceSample"("rigId", "at");

-- CreateIndex
CREATE INDEX "DeviceSample_at_idx" ON "DeviceSample"("at");

-- CreateIndex
CREATE UNIQUE INDEX "MiningProfile_key_key" ON "MiningProfile"("key");

-- CreateIndex
CREATE INDEX "AiJob_status_idx" ON "AiJob"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Placement_activeJobId_key" ON "Placement"("activeJobId");

-- CreateIndex
CREATE INDEX "Placement_rigId_idx" ON "Placement"("rigId");

-- CreateIndex
CREATE INDEX "Placement_jobId_idx" ON "Placement"("jobId");

-- CreateIndex
CREATE INDEX "PowerCapWindow_siteId_startsAt_idx" ON "PowerCapWindow"("siteId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "SchedulerRun_epochStart_key" ON "SchedulerRun"("epochStart");

-- CreateIndex
CREATE INDEX "Decision_rigId_at_idx" ON "Decision"("rigId", "at");

-- CreateIndex
CREATE INDEX "Decision_at_idx" ON "Decision"("at");

-- CreateIndex
CREATE UNIQUE INDEX "PriceFeed_name_key" ON "PriceFeed"("name");

-- CreateIndex
CREATE UNIQUE INDEX "PriceSeries_key_key" ON "PriceSeries"("key");

-- CreateIndex
CREATE INDEX "Alert_resolvedAt_openedAt_idx" ON "Alert"("resolvedAt", "openedAt");

-- CreateIndex
CREATE INDEX "Alert_rigId_idx" ON "Alert"("rigId");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rack" ADD CONSTRAINT "Rack_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rig" ADD CONSTRAINT "Rig_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rig" ADD CONSTRAINT "Rig_rackId_fkey" FOREIGN KEY ("rackId") REFERENCES "Rack"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentToken" ADD CONSTRAINT "EnrollmentToken_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentToken" ADD CONSTRAINT "AgentToken_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentEvent" ADD CONSTRAINT "AgentEvent_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RigState" ADD CONSTRAINT "RigState_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MiningProfileRate" ADD CONSTRAINT "MiningProfileRate_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "MiningProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiJob" ADD CONSTRAINT "AiJob_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "AiJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SitePolicy" ADD CONSTRAINT "SitePolicy_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PowerCapWindow" ADD CONSTRAINT "PowerCapWindow_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SchedulerRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesiredState" ADD CONSTRAINT "DesiredState_rigId_fkey" FOREIGN KEY ("rigId") REFERENCES "Rig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriceSeries" ADD CONSTRAINT "PriceSeries_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "PriceFeed"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PricePoint" ADD CONSTRAINT "PricePoint_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PriceSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
