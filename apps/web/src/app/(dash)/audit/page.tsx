import { Forbidden } from "@/components/states";
import { pageAccess } from "@/server/auth";
import { AuditView } from "./audit-view";

export default async function AuditPage() {
  const { allowed } = await pageAccess("audit.read");
  return (
    <>
      <h1>Audit log</h1>
      {allowed ? <AuditView /> : <Forbidden what="read the audit log" />}
    </>
  );
}
