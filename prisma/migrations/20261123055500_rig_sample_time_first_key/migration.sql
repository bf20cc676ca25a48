-- RigSample is keyed (at, rigId) instead of (rigId, at), as DeviceSample already is: inserts land
-- at the right edge of the key instead of on one page per rig (100k pages kept hot at 100k rigs),
-- and the key serves the rollups, which read time windows, so the separate time index goes.
-- Nothing reads the raw samples of one rig. Rebuilds the key of every existing partition.
DROP INDEX "RigSample_at_idx";
ALTER TABLE "RigSample" DROP CONSTRAINT "RigSample_pkey",
ADD CONSTRAINT "RigSample_pkey" PRIMARY KEY ("at", "rigId");
