import { Suspense } from "react";
import { Loading } from "@/components/states";
import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { RigsView } from "./rigs-view";

export default async function RigsPage() {
  const { user } = await pageAccess("fleet.read");
  return (
    <>
      <h1>Rigs</h1>
      <Suspense fallback={<Loading label="Loading rigs" />}>
        <RigsView canOperate={permsOf(user)["fleet.operate"]} />
      </Suspense>
    </>
  );
}
