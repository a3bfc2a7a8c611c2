// Clerk mode only, loaded lazily (so local builds never pull Clerk in): reads the active
// organisation's members and reports their display names by user id. The incident API
// only stores `user:<id>`, and no endpoint of ours lists members.
import { useEffect } from "react";
import { useOrganization } from "@clerk/clerk-react";

export interface ClerkMemberNamesProps {
  onNames: (names: Map<string, string>) => void;
}

export default function ClerkMemberNames({ onNames }: ClerkMemberNamesProps) {
  const { memberships } = useOrganization({ memberships: { pageSize: 100 } });
  const data = memberships?.data;
  useEffect(() => {
    if (!data) return;
    const names = new Map<string, string>();
    for (const member of data) {
      const user = member.publicUserData;
      if (!user?.userId) continue;
      const full = [user.firstName, user.lastName].filter(Boolean).join(" ");
      names.set(user.userId, full || user.identifier);
    }
    onNames(names);
  }, [data, onNames]);
  return null;
}
