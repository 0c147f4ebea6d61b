import { currentUser } from "@/lib/auth/server";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getPlantSite } from "@/lib/plant-site";
import { UsersPanel } from "./users-panel";
import { TokensPanel } from "./tokens-panel";

export const metadata = { title: "Admin – EnMS Analytics" };

// /admin – users and API tokens (admins only; the API checks again).
export default async function AdminPage() {
  const principal = await currentUser();
  if (!principal || !can(principal, "admin")) {
    return (
      <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-950">
        This page needs the admin role.
      </div>
    );
  }
  const site = await getPlantSite(await getDb());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Admin</h1>
      <UsersPanel self={principal.kind === "user" ? principal.userId : null} />
      <TokensPanel timeZone={site.timeZone} />
    </div>
  );
}
