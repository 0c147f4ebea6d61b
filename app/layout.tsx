import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { NavBar } from "@/components/nav/nav-bar";
import { OpenModeBanner } from "@/components/nav/open-mode-banner";
import { ViewerProvider, type Viewer } from "@/components/auth/principal-context";
import { Providers } from "@/components/providers";
import { getDb } from "@/lib/db/client";
import { getPlantSite } from "@/lib/plant-site";
import { currentUser } from "@/lib/auth/server";
import type { Principal } from "@/lib/auth/permissions";
import "./globals.css";

export const metadata: Metadata = {
  title: "EnMS Analytics",
  description: "Energy analytics for manufacturing plants",
};

export const dynamic = "force-dynamic";

function viewerOf(p: Principal): Viewer | null {
  if (p.kind === "open") return { name: "anonymous", login: null, role: "admin", open: true };
  if (p.kind === "user") return { name: p.name, login: p.login, role: p.role, open: false };
  return null;
}

// The server-side sign-in check of every page (proxy.ts only looks for the cookie): without a
// valid session a page render goes to /signin, which alone renders for a signed-out visitor.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get("x-enms-path") ?? "/";
  const principal = await currentUser();
  const viewer = principal ? viewerOf(principal) : null;
  const onSignIn = path === "/signin" || path.startsWith("/signin?");
  if (!viewer) {
    if (!onSignIn) redirect(path === "/" ? "/signin" : `/signin?next=${encodeURIComponent(path)}`);
    return (
      <html lang="en">
        <body>
          <main className="mx-auto max-w-md px-4 py-12">{children}</main>
        </body>
      </html>
    );
  }
  const site = await getPlantSite(await getDb());
  return (
    <html lang="en">
      <body>
        <ViewerProvider viewer={viewer}>
          <NuqsAdapter>
            {viewer.open ? <OpenModeBanner /> : null}
            <NavBar plantName={site.name} timeZone={site.timeZone} viewer={viewer} />
            <Providers>
              <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
            </Providers>
          </NuqsAdapter>
        </ViewerProvider>
      </body>
    </html>
  );
}
