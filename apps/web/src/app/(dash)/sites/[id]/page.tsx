import { notFound } from "next/navigation";
import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { SiteDetailView } from "./site-detail-view";

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await pageAccess("fleet.read");
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <SiteDetailView siteId={Number(id)} canManage={permsOf(user)["policy.manage"]} />;
}
