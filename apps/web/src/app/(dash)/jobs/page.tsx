import { Suspense } from "react";
import { Loading } from "@/components/states";
import { pageAccess } from "@/server/auth";
import { permsOf } from "@/server/perms";
import { JobsView } from "./jobs-view";

export default async function JobsPage() {
  const { user } = await pageAccess("fleet.read");
  return (
    <>
      <h1>Jobs</h1>
      <Suspense fallback={<Loading label="Loading jobs" />}>
        <JobsView canManage={permsOf(user)["jobs.manage"]} />
      </Suspense>
    </>
  );
}
