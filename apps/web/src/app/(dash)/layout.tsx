import { can, type TPermission } from "@rigshift/db";
import type { ReactNode } from "react";
import { requirePageUser } from "@/server/auth";
import { Providers } from "../providers";
import { NavLinks, type TNavLink } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

/** Every page of the dashboard, and the permission its link needs (pages check again; the API refuses regardless). */
const LINKS: (TNavLink & { permission: TPermission })[] = [
  { href: "/overview", label: "Overview", permission: "fleet.read" },
  { href: "/fleet", label: "Fleet", permission: "fleet.read" },
  { href: "/rigs", label: "Rigs", permission: "fleet.read" },
  { href: "/sites", label: "Sites", permission: "fleet.read" },
  { href: "/jobs", label: "Jobs", permission: "fleet.read" },
  { href: "/decisions", label: "Decisions", permission: "fleet.read" },
  { href: "/market", label: "Market", permission: "fleet.read" },
  { href: "/alerts", label: "Alerts", permission: "fleet.read" },
  { href: "/reports", label: "Reports", permission: "finance.read" },
  { href: "/settings", label: "Settings", permission: "users.manage" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
];

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("fleet.read");
  const links = LINKS.filter((l) => can(user.role, l.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <Providers>
      <div className="shell">
        <nav className="nav" aria-label="Main">
          <div className="brand">Rigshift</div>
          <NavLinks links={links} />
          <div className="who">
            <span data-testid="who">
              {user.name} · {user.role.toLowerCase()}
            </span>
            <SignOutButton />
          </div>
        </nav>
        <main>{children}</main>
      </div>
    </Providers>
  );
}
