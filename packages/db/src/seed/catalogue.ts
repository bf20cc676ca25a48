import { gpuModelKey, loadAsicSpecs, loadGpuMiningRates, loadGpuSpecs } from "@rigshift/hardware";
import type { DbOrTx } from "../client";

/** Loads the shipped hardware catalogue and the mining profiles built on it. Idempotent. */
export async function seedCatalogue({ db }: { db: DbOrTx }) {
  for (const g of loadGpuSpecs()) {
    const data = { boardPowerW: g.boardPowerW, fp32Tflops: g.fp32Tflops, fp16Tflops: g.fp16Tflops, memoryGb: g.memoryGb, source: g.source };
    await db.gpuModel.upsert({ where: { name: g.name }, create: { name: g.name, ...data }, update: data });
  }
  const asics = loadAsicSpecs();
  for (const a of asics) {
    const data = { hashrateThs: a.hashrateThs, powerW: a.powerW, efficiencyJTh: a.efficiencyJTh, priceUsd: a.priceUsd, cooling: a.cooling, source: "asic_specs_2024" };
    await db.asicModel.upsert({ where: { name: a.name }, create: { name: a.name, ...data }, update: data });
  }
  const btc = await upsertProfile(db, {
    key: "btc-sha256",
    name: "Bitcoin (SHA-256)",
    coin: "BTC",
    algorithm: "sha256",
    poolUrl: "stratum+tcp://pool.example.invalid:3333",
    poolFeeBps: 200,
  });
  for (const a of asics) await upsertRate(db, btc, a.name, a.hashrateThs * 1e12, a.powerW);
  const gpuCoins = [
    { key: "rvn-kawpow", name: "Ravencoin (KawPow)", coin: "RVN", algorithm: "kawpow" },
    { key: "erg-autolykos", name: "Ergo (Autolykos2)", coin: "ERG", algorithm: "autolykos2" },
  ];
  const rates = loadGpuMiningRates();
  for (const c of gpuCoins) {
    const id = await upsertProfile(db, { ...c, poolUrl: "stratum+tcp://pool.example.invalid:3333", poolFeeBps: 100 });
    const seen = new Set<string>();
    for (const r of rates.filter((r) => r.coin === c.coin)) {
      // The table has several rows per model (tuned clocks): keep the first, as published.
      const model = r.model.replace(/^(GPU\s+)?NVIDIA\s+/i, "").replace(/^AMD\s+/i, "AMD ");
      if (seen.has(gpuModelKey(model))) continue;
      seen.add(gpuModelKey(model));
      await upsertRate(db, id, model, r.hashrateMhs * 1e6, r.powerW);
    }
  }
}

async function upsertProfile(db: DbOrTx, p: { key: string; name: string; coin: string; algorithm: string; poolUrl: string; poolFeeBps: number }) {
  const row = await db.miningProfile.upsert({ where: { key: p.key }, create: p, update: p, select: { id: true } });
  return row.id;
}

async function upsertRate(db: DbOrTx, profileId: number, hardwareModel: string, hashrateHs: number, powerW: number) {
  await db.miningProfileRate.upsert({
    where: { profileId_hardwareModel: { profileId, hardwareModel } },
    create: { profileId, hardwareModel, hashrateHs, powerW },
    update: { hashrateHs, powerW },
  });
}
