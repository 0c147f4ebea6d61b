import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/server";
import { safeNext } from "@/lib/validation/auth";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in – EnMS Analytics" };

// /signin?next=/machines – the sign-in form; a visitor already signed in goes on to `next`.
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNext(typeof raw === "string" ? raw : undefined);
  const principal = await currentUser();
  if (principal?.kind === "user") redirect(next);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold text-slate-900">EnMS Analytics</h1>
      <p className="mb-6 text-sm text-slate-600">Sign in to see your plant&apos;s energy data.</p>
      <SignInForm next={next} />
    </div>
  );
}
