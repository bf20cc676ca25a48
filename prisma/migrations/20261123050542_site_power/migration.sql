-- A site power over time at each chart bucket size, summed from the rig rollups (RigMinute,
-- RigHour) by rollupTelemetry: the power charts read sites x points rows instead of rigs x points
CREATE TABLE "SitePower" (
    "siteId" INTEGER NOT NULL,
    "bucketSeconds" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "rigs" INTEGER NOT NULL,
    "powerW" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "SitePower_pkey" PRIMARY KEY ("bucketSeconds","at","siteId")
);
