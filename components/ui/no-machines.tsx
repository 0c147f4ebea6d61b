import Link from "next/link";
import { EmptyState } from "./empty-state";

/**
 * The empty state of a page on a plant without machines: a link to the data page, where machines
 * are added and readings uploaded, followed by `next` (", then train their baselines here.").
 */
export function NoMachinesYet({ next }: { next: string }) {
  return (
    <EmptyState title="No machines yet">
      <Link className="text-sky-800 underline" href="/data">
        Add machines and upload readings on the data page
      </Link>
      {next}
    </EmptyState>
  );
}
