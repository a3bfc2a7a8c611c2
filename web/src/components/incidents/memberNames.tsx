import { createContext, lazy, Suspense, useContext, useState } from "react";
import type { ReactNode } from "react";
import { AuthContext } from "../../auth/AuthContext";

const ClerkMemberNames = lazy(() => import("./ClerkMemberNames"));
const NO_NAMES = new Map<string, string>();
const MemberNamesContext = createContext<Map<string, string>>(NO_NAMES);

/** Other members' names by user id (Clerk mode; empty in local mode). */
export function useMemberNames(): Map<string, string> {
  return useContext(MemberNamesContext);
}

export function MemberNamesProvider({ children }: { children: ReactNode }) {
  const clerk = useContext(AuthContext)?.mode === "clerk";
  const [names, setNames] = useState(NO_NAMES);
  return (
    <MemberNamesContext.Provider value={names}>
      {clerk && <Suspense fallback={null}><ClerkMemberNames onNames={setNames} /></Suspense>}
      {children}
    </MemberNamesContext.Provider>
  );
}
