import { Forbidden } from "@/components/states";
import { pageAccess } from "@/server/auth";
import { AgentTokens } from "./agent-tokens";
import { ApiKeys } from "./api-keys";
import { EnrollmentTokens } from "./enrollment-tokens";
import { NotificationChannels } from "./notification-channels";
import { Users } from "./users";

export default async function SettingsPage() {
  const { user, allowed } = await pageAccess("users.manage");
  return (
    <>
      <h1>Settings</h1>
      {allowed ? (
        <>
          <Users selfId={user.id} />
          <EnrollmentTokens />
          <AgentTokens />
          <ApiKeys />
          <NotificationChannels />
        </>
      ) : (
        <Forbidden what="manage users and tokens" />
      )}
    </>
  );
}
