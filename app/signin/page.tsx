import Link from "next/link";
import { redirect } from "next/navigation";
import { authEnabled } from "@/lib/auth/mode";
import { currentUser } from "@/lib/auth/server";
import { safeNext } from "@/lib/validation/auth";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in – EnMS Analytics" };

// /signin?next=/machines – the sign-in form; a visitor already signed in goes on to `next`.
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNext(typeof raw === "string" ? raw : undefined);
  // Open mode (AUTH=off): a form would accept a password and change nothing; say what is true.
  if (!authEnabled()) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="signin-open-mode">
        <h1 className="mb-1 text-xl font-semibold text-slate-900">Sign-in is off on this server</h1>
        <p className="mb-4 text-sm text-slate-600">
          It runs with AUTH=off: every visitor is the administrator, without signing in. To require sign-in, start it with AUTH=on and
          create an administrator (README, &ldquo;Security and access&rdquo;).
        </p>
        <Link href={next} className="text-sm font-medium text-sky-800 underline">
          Continue to the dashboard
        </Link>
      </div>
    );
  }
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
