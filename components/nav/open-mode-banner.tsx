/** The banner on every page in open mode (AUTH=off): nobody signs in, so everyone can change everything. */
export function OpenModeBanner() {
  return (
    <div role="status" data-testid="open-mode-banner" className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
      <strong>Open access:</strong> sign-in is off (AUTH=off). Anyone who can reach this server can read and change all data.
    </div>
  );
}
