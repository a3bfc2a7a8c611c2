// Clerk mode (VITE_CLERK_PUBLISHABLE_KEY set). Loaded lazily from AuthContext.
import { useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { ClerkProvider, OrganizationSwitcher, SignIn, SignUp, UserButton, useAuth as useClerkAuth } from "@clerk/clerk-react";
import { AuthContext } from "./AuthContext";
import type { AuthValue } from "./AuthContext";
import { setTokenGetter } from "./token";
import { decodeJwt, identityFromClaims } from "./claims";
import type { Identity } from "./claims";

function ClerkBridge({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn, getToken, signOut, orgId } = useClerkAuth();
  const [identity, setIdentity] = useState<Identity | null>(null);

  useEffect(() => {
    setTokenGetter(isSignedIn ? () => getToken() : async () => null);
    let cancelled = false;
    if (isSignedIn) {
      getToken().then((token) => {
        if (!cancelled) setIdentity(identityFromClaims(decodeJwt(token)));
      });
    } else {
      setIdentity(null);
    }
    return () => {
      cancelled = true;
    };
  }, [isSignedIn, getToken, orgId]);

  const value = useMemo<AuthValue>(
    () => ({
      mode: "clerk",
      ready: isLoaded && (!isSignedIn || identity !== null),
      signedIn: Boolean(isSignedIn),
      identity,
      signInLocal: async () => {
        throw new Error("Local sign-in is not available when Clerk is configured.");
      },
      signOut: () => signOut(),
      SignInWidget: () => <SignIn routing="path" path="/sign-in" signUpUrl="/sign-up" fallbackRedirectUrl="/dashboard" />,
      SignUpWidget: () => <SignUp routing="path" path="/sign-up" signInUrl="/sign-in" fallbackRedirectUrl="/dashboard" />,
      // Every API call needs an active organisation; the switcher also creates one.
      AccountWidget: () => (
        <>
          <OrganizationSwitcher hidePersonal afterSelectOrganizationUrl="/dashboard" afterCreateOrganizationUrl="/dashboard" />
          <UserButton />
        </>
      ),
    }),
    [isLoaded, isSignedIn, identity, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export default function ClerkAuthProvider({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  return (
    <ClerkProvider publishableKey={publishableKey} afterSignOutUrl="/">
      <ClerkBridge>{children}</ClerkBridge>
    </ClerkProvider>
  );
}
