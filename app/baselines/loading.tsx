import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="flex flex-col gap-4">
      <Skeleton className="h-10 w-64" label="Loading the page" />
      <Skeleton className="h-96" />
      <Skeleton className="h-64" />
    </div>
  );
}
