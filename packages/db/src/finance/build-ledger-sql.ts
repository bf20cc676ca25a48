/**
 * The ledger's SQL, all of it: one statement computes every (rig, UTC hour) of [$1, $2) from the
 * stored facts (COMPUTE) and either inserts them (INSERT_LEDGER_SQL, a period's first build) or
 * upserts them (UPSERT_LEDGER_SQL), bumping `revision` and logging a LedgerRevision only where
 * values changed; rows whose facts vanished are deleted (and logged). Bypasses the ORM on purpose:
 * a month for 10k rigs is 7.2M rows (see scripts/bench/finance.ts). Tests: build-ledger.test.ts.
 *
 * Parameters: $1 from, $2 to (whole UTC hours), $3 now (end of open placements), $4 build id,
 * $5..$9 the rows of RIG_CATALOGUE_SQL as arrays (rigId, profileId, cat_hs, cat_w, is_default).
 *
 * Rules (units in names; money is rounded to whole micro-USD once per row and figure):
 * - Modes: each Decision applies from its `at` until the rig's next decision, at most
 *   DECISION_SPAN (the scheduler decides every rig every epoch, epochs are <= 1 h); time
 *   without a decision counts as idle. mode = the mode with most seconds (ties MINE, AI, IDLE);
 *   decisionId = the latest decision of that mode in effect during the hour.
 * - Energy: RigHour.energyWh when measured, else sum(decision powerW x seconds) / 3600.
 * - Electricity: overlap-weighted average of the hour's real-time intervals, else day-ahead;
 *   cost = energyWh x site PUE x price / 1e6 (Wh -> MWh). A negative price is a negative cost.
 * - Mining: hashrate x MINE seconds x hashprice(coin of the decision's profile, latest point at
 *   or before the hour) x (1 - pool fee); hashrate measured (RigHour.hashrateHsAvg, 0 when none
 *   reported) where the rig has telemetry that hour, else the catalogue rate of its hardware.
 * - AI: GPU-seconds of placements (|gpuIndices| x overlap, until endedAt / job finish / now) x
 *   the job's price per GPU-hour.
 * - Counterfactual "always mine" with the rig's mining profile (first offered MINE workload with
 *   a catalogue rate): hashrate measured if it mined with that profile this hour, else catalogue;
 *   energy = the hour's energy if it mined all hour, else catalogue mining power x 1 h. A rig
 *   that cannot mine has a counterfactual of zero (off).
 */

/** Longest time a decision stays in effect without a successor (two epochs of the longest length). */
export const DECISION_SPAN = "2 hours";

/** Host power the scheduler adds to a GPU rig's mining power (packages/scheduler epoch/load-input.ts IDLE_W). */
export const GPU_HOST_W = 150;
export const GPU_HOST_W_PER_GPU = 15;

/** Same normalisation as @rigshift/protocol gpuModelKey: "NVIDIA GeForce RTX 3090" -> "rtx3090". */
const modelKey = (col: string) => `regexp_replace(regexp_replace(lower(${col}), '\\m(nvidia|geforce|tesla)\\M', '', 'g'), '[^a-z0-9]', '', 'g')`;

/** The value columns of a ledger row: compared to detect a change, logged before and after. */
export const VALUE_COLUMNS = [
  "siteId",
  "mode",
  "mineSeconds",
  "aiSeconds",
  "idleSeconds",
  "minutesMeasured",
  "energyWh",
  "energySource",
  "priceMicroUsdPerMwh",
  "priceSource",
  "energyCostMicroUsd",
  "hashpriceMicroUsdPerThDay",
  "miningRevenueMicroUsd",
  "aiGpuSeconds",
  "aiRevenueMicroUsd",
  "cfMiningRevenueMicroUsd",
  "cfEnergyWh",
  "cfEnergyCostMicroUsd",
  "decisionId",
] as const;

const q = (c: string) => `"${c}"`;
const cols = VALUE_COLUMNS.map(q).join(", ");
/** jsonb of a row's values; bigints as text so that JSON keeps them exact. */
const jsonOf = (alias: string) =>
  `jsonb_build_object(${VALUE_COLUMNS.map((c) => `'${c}', ${/MicroUsd|decisionId/.test(c) ? `${alias}.${q(c)}::text` : `${alias}.${q(c)}`}`).join(", ")})`;

/**
 * Catalogue mining figures per rig and profile, as the scheduler counts them: an ASIC is one
 * miner; a GPU rig is every GPU with a rate, plus its host. is_default marks the rig's mining
 * profile: its first offered MINE workload with a rate. Run once per build and passed to every
 * chunk as arrays (the planner then knows their size).
 */
export const RIG_CATALOGUE_SQL = `
WITH rate AS (
  SELECT r."profileId", ${modelKey('r."hardwareModel"')} AS model_key, r."hashrateHs", r."powerW" FROM "MiningProfileRate" r
),
rig_profile AS (
  SELECT r.id AS "rigId", rate."profileId", rate."hashrateHs" AS cat_hs, rate."powerW" AS cat_w
  FROM "Rig" r JOIN rate ON rate.model_key = ${modelKey("r.model")}
  WHERE r.kind = 'ASIC'
  UNION ALL
  SELECT g."rigId", rate."profileId", sum(rate."hashrateHs"), sum(rate."powerW") + ${GPU_HOST_W} + ${GPU_HOST_W_PER_GPU} * max(g.gpus)
  FROM (SELECT d."rigId", ${modelKey("d.model")} AS model_key, count(*) OVER (PARTITION BY d."rigId") AS gpus
        FROM "Device" d JOIN "Rig" r ON r.id = d."rigId" WHERE d.kind = 'GPU' AND r.kind = 'GPU_RIG') g
  JOIN rate ON rate.model_key = g.model_key
  GROUP BY 1, 2
),
rig_default AS (
  SELECT DISTINCT ON (r.id) r.id AS "rigId", rp."profileId"
  FROM "Rig" r
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.workloads) = 'array' THEN r.workloads ELSE '[]'::jsonb END) WITH ORDINALITY AS w(item, ord)
  JOIN "MiningProfile" p ON p.key = w.item->>'key'
  JOIN rig_profile rp ON rp."rigId" = r.id AND rp."profileId" = p.id
  WHERE w.item->>'mode' = 'MINE' AND rp.cat_hs > 0
  ORDER BY r.id, w.ord
)
SELECT rp."rigId", rp."profileId", rp.cat_hs::float8, rp.cat_w::float8, rd."rigId" IS NOT NULL AS is_default
FROM rig_profile rp LEFT JOIN rig_default rd ON rd."rigId" = rp."rigId" AND rd."profileId" = rp."profileId"
`;

/**
 * Arithmetic is float8: every product of integers below (seconds, micro-USD prices, basis points)
 * stays under 2^53 and is exact; measured hashrate and energy are floats anyway. Each money
 * figure is rounded once, half away from zero, to whole micro-USD.
 */
const roundMicro = (expr: string) => `(sign(${expr}) * floor(abs(${expr}) + 0.5))::bigint`;
/** H/s per TH/s x seconds per day x basis points: hashrate x seconds x USD/TH/day x bps -> USD. */
const HS_SECONDS_BPS_PER_TH_DAY = "8.64e20";

/** What the chunk's rows are computed from: every rig-hour with a decision or telemetry. */
const COMPUTE = `
hours AS (
  SELECT generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') AS hour
),
-- Each decision applies from its "at" until the rig's next one, at most DECISION_SPAN. Decisions
-- up to DECISION_SPAN past the period are read so that the last ones inside it end where they do.
-- h is the decision's UTC hour (date_bin: date_trunc with a zone looks the zone up on every row).
dec AS (
  SELECT d.id, d."rigId", d.at, date_bin('1 hour', d.at, '2000-01-01 00:00:00+00') AS h, d.mode, d.workload, d."powerW",
         least(coalesce(lead(d.at) OVER (PARTITION BY d."rigId" ORDER BY d.at, d.id), 'infinity'), d.at + interval '${DECISION_SPAN}') AS e
  FROM "Decision" d
  WHERE d.at >= $1::timestamptz - interval '${DECISION_SPAN}' AND d.at < $2::timestamptz + interval '${DECISION_SPAN}'
),
-- The scheduler decides every rig every epoch: the decisions of a rig made in one clock hour with
-- the same mode and workload are summed together, named after the latest of them. A decision
-- lasts at most DECISION_SPAN (2 h), so it reaches into at most the two following hours: its
-- seconds (and seconds x planned power, for catalogue energy) in its own hour and in each of those.
-- Decisions from $2 on only end the ones before them: they are dropped once the window has run.
dec_secs AS (
  SELECT id, "rigId", h, mode, workload, "powerW",
         date_part('epoch', least(e, h + interval '1 hour') - at) AS s0,
         greatest(date_part('epoch', least(e, h + interval '2 hours') - (h + interval '1 hour')), 0) AS s1,
         greatest(date_part('epoch', e - (h + interval '2 hours')), 0) AS s2
  FROM dec WHERE at < $2
),
grp AS (
  SELECT "rigId", h, mode, workload, max(id) AS id,
         sum(s0) AS s0, sum(s1) AS s1, sum(s2) AS s2,
         sum(s0 * "powerW") AS w0, sum(s1 * "powerW") AS w1, sum(s2 * "powerW") AS w2
  FROM dec_secs GROUP BY "rigId", h, mode, workload
),
rig_profile AS (
  SELECT * FROM unnest($5::int[], $6::int[], $7::float8[], $8::float8[], $9::bool[]) AS t("rigId", "profileId", cat_hs, cat_w, is_default)
),
rig_default AS (
  SELECT rp."rigId", p.coin, p."poolFeeBps", rp.cat_hs, rp.cat_w
  FROM rig_profile rp JOIN "MiningProfile" p ON p.id = rp."profileId" WHERE rp.is_default
),
coin_hour AS (
  SELECT c.coin, h.hour,
         (SELECT p."valueMicroUsd" FROM "PricePoint" p JOIN "PriceSeries" ps ON ps.id = p."seriesId"
          WHERE ps.key = 'hashprice:' || c.coin AND p.at <= h.hour ORDER BY p.at DESC LIMIT 1) AS hashprice
  FROM (SELECT DISTINCT coin FROM "MiningProfile") c CROSS JOIN hours h
),
-- A MINE group's profile (coin, pool fee) and the rig's catalogue rate for it: joined per group,
-- before the groups are spread over hours.
grp_profile AS (
  SELECT g.*, p.coin, p."poolFeeBps", rp.cat_hs, rp.is_default
  FROM grp g
  LEFT JOIN "MiningProfile" p ON g.mode = 'MINE' AND p.key = g.workload
  LEFT JOIN rig_profile rp ON rp."rigId" = g."rigId" AND rp."profileId" = p.id
),
-- unnest in the select list expands each group to its three hours without a per-row subquery.
seg_hour AS (
  SELECT * FROM (
    SELECT unnest(ARRAY[g.h, g.h + interval '1 hour', g.h + interval '2 hours']) AS hour, g.id, g."rigId", g.mode, g.coin, g."poolFeeBps", g.cat_hs, g.is_default,
           unnest(ARRAY[g.s0, g.s1, g.s2]) AS secs, unnest(ARRAY[g.w0, g.w1, g.w2]) AS watt_secs
    FROM grp_profile g
  ) x
  WHERE x.secs > 0 AND x.hour >= $1 AND x.hour < $2
),
-- Mining revenue factors out the hashrate: measured (one figure per rig-hour) x s_meas, or the
-- catalogue rate of each segment's profile (inside s_cat).
agg AS (
  SELECT sh."rigId", sh.hour,
         coalesce(sum(sh.secs) FILTER (WHERE sh.mode = 'MINE'), 0) AS mine_s,
         coalesce(sum(sh.secs) FILTER (WHERE sh.mode = 'AI'), 0) AS ai_s,
         sum(sh.watt_secs) / 3600 AS catalogue_wh,
         max(sh.id) FILTER (WHERE sh.mode = 'MINE') AS mine_decision,
         max(sh.id) FILTER (WHERE sh.mode = 'AI') AS ai_decision,
         max(sh.id) FILTER (WHERE sh.mode = 'IDLE') AS idle_decision,
         coalesce(sum(sh.secs * ch.hashprice * (10000 - sh."poolFeeBps")), 0) AS s_meas,
         coalesce(sum(sh.secs * ch.hashprice * (10000 - sh."poolFeeBps") * sh.cat_hs), 0) AS s_cat,
         coalesce(bool_or(sh.is_default), false) AS mined_default
  FROM seg_hour sh
  LEFT JOIN coin_hour ch ON ch.coin = sh.coin AND ch.hour = sh.hour
  GROUP BY 1, 2
),
ai AS (
  SELECT x."rigId", x.hour, sum(x.gpu_s) AS gpu_s, sum(x.gpu_s * x.price) / 3600 AS revenue
  FROM (
    SELECT pl."rigId", g.hour, j."priceMicroUsdPerGpuHour"::float8 AS price,
           cardinality(pl."gpuIndices") * date_part('epoch', least(b.e, g.hour + interval '1 hour') - greatest(pl."startedAt", g.hour)) AS gpu_s
    FROM "Placement" pl
    JOIN "AiJob" j ON j.id = pl."jobId"
    CROSS JOIN LATERAL (SELECT least(coalesce(pl."endedAt", $3::timestamptz), coalesce(j."finishedAt", 'infinity'), $3::timestamptz, $2::timestamptz) AS e) b
    CROSS JOIN LATERAL generate_series(greatest(date_trunc('hour', pl."startedAt", 'UTC'), $1::timestamptz), b.e - interval '1 microsecond', interval '1 hour') AS g(hour)
    WHERE pl."startedAt" < $2 AND coalesce(pl."endedAt", 'infinity') > $1 AND b.e > $1 AND b.e > pl."startedAt"
  ) x
  GROUP BY 1, 2
),
zone_hour AS (
  SELECT z.zone, h.hour,
         coalesce(rt.price, da.price) AS price, coalesce(rt.price, da.price)::float8 AS price_f8,
         CASE WHEN rt.price IS NOT NULL THEN 'REAL_TIME' WHEN da.price IS NOT NULL THEN 'DAY_AHEAD' END::"ElectricityPriceSource" AS source
  FROM (SELECT DISTINCT "marketZone" AS zone FROM "Site") z
  CROSS JOIN hours h
  CROSS JOIN LATERAL (
    SELECT round(sum(v * ov) / nullif(sum(ov), 0)) AS price FROM (
      SELECT p."valueMicroUsd"::numeric AS v,
             extract(epoch FROM least(p.at + make_interval(secs => p."intervalSeconds"), h.hour + interval '1 hour') - greatest(p.at, h.hour)) AS ov
      FROM "PricePoint" p JOIN "PriceSeries" ps ON ps.id = p."seriesId"
      WHERE ps.key = 'electricity:' || z.zone || ':rtm' AND p.at < h.hour + interval '1 hour' AND p.at > h.hour - interval '1 day'
    ) x WHERE ov > 0) rt
  CROSS JOIN LATERAL (
    SELECT round(sum(v * ov) / nullif(sum(ov), 0)) AS price FROM (
      SELECT p."valueMicroUsd"::numeric AS v,
             extract(epoch FROM least(p.at + make_interval(secs => p."intervalSeconds"), h.hour + interval '1 hour') - greatest(p.at, h.hour)) AS ov
      FROM "PricePoint" p JOIN "PriceSeries" ps ON ps.id = p."seriesId"
      WHERE ps.key = 'electricity:' || z.zone || ':dam' AND p.at < h.hour + interval '1 hour' AND p.at > h.hour - interval '1 day'
    ) x WHERE ov > 0) da
),
-- Everything a row needs of its rig, in one join: site, PUE, market zone, mining profile.
rig_info AS (
  SELECT r.id AS "rigId", r."siteId", s.pue, s."marketZone" AS zone, rd.coin, rd."poolFeeBps", rd.cat_hs, rd.cat_w
  FROM "Rig" r JOIN "Site" s ON s.id = r."siteId" LEFT JOIN rig_default rd ON rd."rigId" = r.id
),
calc AS (
  SELECT coalesce(a."rigId", rh."rigId") AS "rigId", coalesce(a.hour, rh.hour) AS hour,
         coalesce(a.mine_s, 0) AS mine_s, coalesce(a.ai_s, 0) AS ai_s,
         a.mine_decision, a.ai_decision, a.idle_decision,
         coalesce(rh."minutesCovered", 0) AS minutes_measured,
         coalesce(rh."energyWh", a.catalogue_wh, 0) AS energy_wh,
         CASE WHEN rh."energyWh" IS NOT NULL THEN 'MEASURED' ELSE 'CATALOGUE' END::"EnergySource" AS energy_source,
         CASE WHEN rh."rigId" IS NOT NULL THEN coalesce(rh."hashrateHsAvg", 0) * coalesce(a.s_meas, 0) ELSE coalesce(a.s_cat, 0) END
           / ${HS_SECONDS_BPS_PER_TH_DAY} AS mining_rev,
         CASE WHEN a.mined_default AND rh."hashrateHsAvg" IS NOT NULL THEN rh."hashrateHsAvg" END AS measured_default_hs
  FROM agg a
  FULL JOIN (SELECT * FROM "RigHour" WHERE hour >= $1 AND hour < $2) rh ON rh."rigId" = a."rigId" AND rh.hour = a.hour
),
-- Each money figure unrounded, computed once (roundMicro names its argument twice).
figures AS (
  SELECT c.hour, c."rigId", ri."siteId", x.mode, c.mine_s, c.ai_s, c.minutes_measured, c.energy_wh, c.energy_source,
         c.mine_decision, c.ai_decision, c.idle_decision, x.cf_wh, ai.gpu_s,
         zh.price, zh.source, ch.hashprice,
         c.energy_wh * ri.pue * zh.price_f8 / 1e6 AS cost,
         c.mining_rev,
         ai.revenue AS ai_rev,
         coalesce(c.measured_default_hs, ri.cat_hs, 0) * coalesce(ch.hashprice, 0) * (10000 - coalesce(ri."poolFeeBps", 0)) * 3600 / ${HS_SECONDS_BPS_PER_TH_DAY} AS cf_rev,
         x.cf_wh * ri.pue * zh.price_f8 / 1e6 AS cf_cost
  FROM calc c
  JOIN rig_info ri ON ri."rigId" = c."rigId"
  LEFT JOIN zone_hour zh ON zh.zone = ri.zone AND zh.hour = c.hour
  LEFT JOIN coin_hour ch ON ch.coin = ri.coin AND ch.hour = c.hour
  LEFT JOIN ai ON ai."rigId" = c."rigId" AND ai.hour = c.hour
  CROSS JOIN LATERAL (SELECT
    CASE WHEN c.mine_s >= c.ai_s AND c.mine_s >= 3600 - c.mine_s - c.ai_s THEN 'MINE'
         WHEN c.ai_s >= 3600 - c.mine_s - c.ai_s THEN 'AI' ELSE 'IDLE' END::"WorkMode" AS mode,
    CASE WHEN ri.cat_w IS NULL THEN 0 WHEN c.mine_s >= 3600 THEN c.energy_wh ELSE ri.cat_w END::float8 AS cf_wh) x
  OFFSET 0
),
computed AS (
  SELECT f.hour, f."rigId", f."siteId", f.mode,
         round(f.mine_s)::int AS "mineSeconds", round(f.ai_s)::int AS "aiSeconds", 3600 - round(f.mine_s)::int - round(f.ai_s)::int AS "idleSeconds",
         f.minutes_measured AS "minutesMeasured",
         f.energy_wh AS "energyWh", f.energy_source AS "energySource",
         f.price::bigint AS "priceMicroUsdPerMwh", f.source AS "priceSource",
         coalesce(${roundMicro("f.cost")}, 0) AS "energyCostMicroUsd",
         f.hashprice::bigint AS "hashpriceMicroUsdPerThDay",
         ${roundMicro("f.mining_rev")} AS "miningRevenueMicroUsd",
         coalesce(round(f.gpu_s), 0)::int AS "aiGpuSeconds",
         coalesce(${roundMicro("f.ai_rev")}, 0) AS "aiRevenueMicroUsd",
         ${roundMicro("f.cf_rev")} AS "cfMiningRevenueMicroUsd",
         f.cf_wh AS "cfEnergyWh",
         coalesce(${roundMicro("f.cf_cost")}, 0) AS "cfEnergyCostMicroUsd",
         CASE f.mode WHEN 'MINE' THEN f.mine_decision WHEN 'AI' THEN f.ai_decision ELSE f.idle_decision END AS "decisionId"
  FROM figures f
)`;

/**
 * First build of a chunk (no rows yet): a plain insert, the fast path. It returns no rows: the
 * command's row count is the number inserted (a RETURNING to count them kept every row once more).
 */
export const INSERT_LEDGER_SQL = `
WITH ${COMPUTE.trim()}
INSERT INTO "LedgerEntry" (hour, "rigId", ${cols}, "computedAt", revision, "buildId")
SELECT hour, "rigId", ${cols}, now(), 1, $4 FROM computed
`;

/** Rebuild of a chunk: upsert where values changed (revision + 1, logged), delete what vanished (logged). */
export const UPSERT_LEDGER_SQL = `
WITH ${COMPUTE.trim()},
-- The chunk's rows as computed beside those stored, where they differ: new, changed or gone.
-- Unchanged rows (nearly all of a rebuild) drop out here: an upsert of them would lock each one
-- (a WAL record per row) only to find nothing to update.
diff AS MATERIALIZED (
  SELECT c.*, o."rigId" AS "oldRigId", o.hour AS "oldHour"
  FROM computed c
  FULL JOIN (SELECT * FROM "LedgerEntry" WHERE hour >= $1 AND hour < $2) o ON o.hour = c.hour AND o."rigId" = c."rigId"
  WHERE c."rigId" IS NULL OR o."rigId" IS NULL
     OR (${VALUE_COLUMNS.map((c) => `o.${q(c)}`).join(", ")}) IS DISTINCT FROM (${VALUE_COLUMNS.map((c) => `c.${q(c)}`).join(", ")})
),
old AS (
  SELECT e.* FROM "LedgerEntry" e WHERE e.hour >= $1 AND e.hour < $2
),
up AS (
  INSERT INTO "LedgerEntry" (hour, "rigId", ${cols}, "computedAt", revision, "buildId")
  SELECT hour, "rigId", ${cols}, now(), 1, $4 FROM diff WHERE "rigId" IS NOT NULL
  ON CONFLICT (hour, "rigId") DO UPDATE SET
    ${VALUE_COLUMNS.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")},
    "computedAt" = now(), revision = "LedgerEntry".revision + 1, "buildId" = $4
  WHERE (${VALUE_COLUMNS.map((c) => `"LedgerEntry".${q(c)}`).join(", ")}) IS DISTINCT FROM (${VALUE_COLUMNS.map((c) => `EXCLUDED.${q(c)}`).join(", ")})
  RETURNING "LedgerEntry".*, (xmax = 0) AS inserted
),
del AS (
  DELETE FROM "LedgerEntry" e USING diff d
  WHERE d."rigId" IS NULL AND e.hour = d."oldHour" AND e."rigId" = d."oldRigId" AND e.hour >= $1 AND e.hour < $2
  RETURNING e.*
),
rev AS (
  INSERT INTO "LedgerRevision" ("buildId", "rigId", hour, revision, before, after)
  SELECT $4, u."rigId", u.hour, u.revision, ${jsonOf("o")}, ${jsonOf("u")}
  FROM up u JOIN old o ON o."rigId" = u."rigId" AND o.hour = u.hour WHERE NOT u.inserted
  UNION ALL
  SELECT $4, d."rigId", d.hour, d.revision + 1, ${jsonOf("d")}, NULL FROM del d
  RETURNING 1
)
SELECT (SELECT count(*) FROM up WHERE inserted)::int AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted)::int AS updated,
       (SELECT count(*) FROM del)::int AS deleted
`;
