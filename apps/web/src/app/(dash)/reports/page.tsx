import { Forbidden } from "@/components/states";
import { pageAccess } from "@/server/auth";
import { ReportsView } from "./reports-view";

export default async function ReportsPage() {
  const { allowed } = await pageAccess("finance.read");
  return (
    <>
      <h1>Reports</h1>
      {allowed ? <ReportsView /> : <Forbidden what="read finance reports" />}
    </>
  );
}
