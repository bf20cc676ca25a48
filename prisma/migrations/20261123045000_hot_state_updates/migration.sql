-- Every telemetry flush updates the Rig row of each reporting rig (lastSeenAt, agentVersion)
-- and its RigState row (the latest reading). Free room on each page lets Postgres write the new
-- row version beside the old one (a HOT update): no new entry in any index of the table (Rig has
-- five, one of them the hostname trigram GIN) and less to vacuum. This applies to pages written
-- from now on: VACUUM FULL or pg_repack rewrites the existing ones.
ALTER TABLE "Rig" SET (fillfactor = 70);
ALTER TABLE "RigState" SET (fillfactor = 50);
