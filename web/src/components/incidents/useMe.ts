import { useContext } from "react";
import { AuthContext } from "../../auth/AuthContext";
import type { Identity } from "../../auth/claims";

/** The signed-in identity, or null outside an AuthProvider (tests, public pages). */
export function useMe(): Identity | null {
  return useContext(AuthContext)?.identity ?? null;
}
