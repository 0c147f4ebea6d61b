"use client";

import { createContext, useContext, type ReactNode } from "react";
import { roleGrants, type Permission, type Role } from "@/lib/auth/permissions";

// Who is signed in, for components that hide or disable what the role cannot do. Only a
// convenience for the eye: every route and action checks the permission again on the server.

export interface Viewer {
  name: string;
  login: string | null;
  role: Role;
  /** Open mode (AUTH=off): everyone is the admin "anonymous". */
  open: boolean;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer | null; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

/** The signed-in viewer, or null (signed out, or outside the provider). */
export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/** Whether the signed-in viewer's role holds a permission (false when signed out). */
export function useCan(permission: Permission): boolean {
  const viewer = useContext(ViewerContext);
  return viewer !== null && roleGrants[viewer.role].includes(permission);
}
