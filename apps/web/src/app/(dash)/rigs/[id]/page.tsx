import { notFound } from "next/navigation";
import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { RigDetailView } from "./rig-detail-view";

export default async function RigPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await pageAccess("fleet.read");
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <RigDetailView rigId={Number(id)} canOperate={permsOf(user)["fleet.operate"]} />;
}
