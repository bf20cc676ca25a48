-- DeviceSample is keyed (at, deviceId) instead of (deviceId, at). With the device first, every
-- insert went to the page holding that GPU: at 100k rigs some 800k pages kept hot, far more than
-- memory holds, and each report touched eight of them at random. Time first, inserts land at the
-- right edge of the key. The key serves the time-window reads (rollups), so the separate time
-- index goes. Per-rig reads keep (rigId, at). Rebuilds the key of every existing partition.
DROP INDEX "DeviceSample_at_idx";
ALTER TABLE "DeviceSample" DROP CONSTRAINT "DeviceSample_pkey",
ADD CONSTRAINT "DeviceSample_pkey" PRIMARY KEY ("at", "deviceId");
