import type { ReactNode } from "react";
import { requirePageUser } from "@/server/auth";
import { Providers } from "../providers";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("fleet.read");
  return (
    <Providers>
      <div className="shell">
        <nav className="nav" aria-label="Main">
          <div className="brand">Rigshift</div>
          <a href="/fleet">Fleet</a>
          <div className="who">
            {user.name} · {user.role.toLowerCase()}
            <br />
            <SignOutButton />
          </div>
        </nav>
        <main>{children}</main>
      </div>
    </Providers>
  );
}
