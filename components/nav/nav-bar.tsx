import Link from "next/link";
import { Suspense } from "react";
import { NavLinks } from "./nav-links";
import { PeriodIndicator } from "./period-indicator";
import { UserMenu } from "./user-menu";
import type { Viewer } from "@/components/auth/principal-context";

/** The bar on every page: sections, the plant's name and time zone, the period on screen, who is signed in. */
export function NavBar({ plantName, timeZone, viewer }: { plantName: string; timeZone: string; viewer: Viewer }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700">
          EnMS Analytics
        </Link>
        <NavLinks admin={viewer.role === "admin"} />
        <dl className="ml-auto flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600" aria-label="Plant and period">
          <div className="flex gap-1">
            <dt className="sr-only">Plant</dt>
            <dd className="font-medium text-slate-800" data-testid="plant-name">
              {plantName}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Time zone</dt>
            <dd data-testid="plant-time-zone">{timeZone}</dd>
          </div>
          <div className="flex gap-1">
            <dt>Period</dt>
            <dd data-testid="period">
              <Suspense fallback="…">
                <PeriodIndicator timeZone={timeZone} />
              </Suspense>
            </dd>
          </div>
        </dl>
        <UserMenu viewer={viewer} />
      </div>
    </header>
  );
}
