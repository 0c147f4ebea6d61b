/** The server's message, as it said it (ApiError carries it). */
export function ErrorBox({ error, action }: { error: unknown; action?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-medium">{action ?? "The server answered with an error"}</p>
      <p className="mt-1 break-words" data-testid="error-message">
        {message}
      </p>
    </div>
  );
}
