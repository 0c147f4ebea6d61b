import { QueryClient } from "@tanstack/react-query";

/** One QueryClient per browser and per server request; 4xx answers are not retried. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        retry: (failures, error) => {
          const status = (error as { status?: number }).status;
          return !(status !== undefined && status >= 400 && status < 500) && failures < 2;
        },
      },
    },
  });
}
