"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface TNavLink {
  href: string;
  label: string;
}

/** The main navigation; the server decides which links a role sees. */
export function NavLinks({ links }: { links: TNavLink[] }) {
  const path = usePathname();
  return (
    <div className="nav-links">
      {links.map((l) => {
        const active = path === l.href || path.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
            {l.label}
          </Link>
        );
      })}
    </div>
  );
}
