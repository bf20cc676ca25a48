import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { AlertsView } from "./alerts-view";

export default async function AlertsPage() {
  const { user } = await pageAccess("fleet.read");
  return (
    <>
      <h1>Alerts</h1>
      <AlertsView canManage={permsOf(user)["alerts.manage"]} />
    </>
  );
}
