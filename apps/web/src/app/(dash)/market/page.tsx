import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { MarketView } from "./market-view";

export default async function MarketPage() {
  const { user } = await pageAccess("fleet.read");
  return (
    <>
      <h1>Market</h1>
      <MarketView canManage={permsOf(user)["market.manage"]} />
    </>
  );
}
