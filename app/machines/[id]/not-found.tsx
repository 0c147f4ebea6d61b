import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function MachineNotFound() {
  return (
    <EmptyState title="No such machine">
      <Link className="text-sky-800 underline" href="/machines">
        Pick one from the machine list
      </Link>
    </EmptyState>
  );
}
