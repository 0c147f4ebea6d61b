import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { NavBar } from "@/components/nav/nav-bar";
import { Providers } from "@/components/providers";
import { getDb } from "@/lib/db/client";
import { getPlantSite } from "@/lib/plant-site";
import "./globals.css";

export const metadata: Metadata = {
  title: "EnMS Analytics",
  description: "Energy analytics for manufacturing plants",
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const site = await getPlantSite(await getDb());
  return (
    <html lang="en">
      <body>
        <NuqsAdapter>
          <NavBar plantName={site.name} timeZone={site.timeZone} />
          <Providers>
            <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
          </Providers>
        </NuqsAdapter>
      </body>
    </html>
  );
}
