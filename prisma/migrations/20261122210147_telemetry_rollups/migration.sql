-- CreateTable
CREATE TABLE "RigMinute" (
    "rigId" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "powerWAvg" REAL,
    "powerWMax" REAL,
    "inletTempCMax" REAL,
    "hashrateHsAvg" DOUBLE PRECISION,

    CONSTRAINT "RigMinute_pkey" PRIMARY KEY ("rigId","minute")
);

-- CreateTable
CREATE TABLE "RigHour" (
    "rigId" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "powerWAvg" DOUBLE PRECISION,
    "powerWMax" REAL,
    "energyWh" DOUBLE PRECISION,
    "hashrateHsAvg" DOUBLE PRECISION,
    "minutesCovered" INTEGER NOT NULL,

    CONSTRAINT "RigHour_pkey" PRIMARY KEY ("rigId","hour")
);

-- CreateTable
CREATE TABLE "DeviceHour" (
    "deviceId" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "rigId" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL,
    "tempCAvg" REAL,
    "tempCMax" REAL,
    "powerWAvg" REAL,
    "utilPctAvg" REAL,
    "hashrateHsAvg" DOUBLE PRECISION,
    "errors" INTEGER,

    CONSTRAINT "DeviceHour_pkey" PRIMARY KEY ("deviceId","hour")
);

-- CreateIndex
CREATE INDEX "RigMinute_minute_idx" ON "RigMinute"("minute");

-- CreateIndex
CREATE INDEX "RigHour_hour_idx" ON "RigHour"("hour");

-- CreateIndex
CREATE INDEX "DeviceHour_rigId_hour_idx" ON "DeviceHour"("rigId", "hour");
