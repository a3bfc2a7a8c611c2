import type { ReactNode } from "react";
import { useOrganization } from "@clerk/clerk-react";
import type { OrgDetails } from "./OrgCard";

/** Clerk mode: the active organisation's name, creation date and member count. */
export default function ClerkOrgFacts({ render }: { render: (details: OrgDetails | null) => ReactNode }) {
  const { isLoaded, organization } = useOrganization();
  if (!isLoaded || !organization) return render(null);
  return render({ name: organization.name, createdAt: organization.createdAt ?? null, membersCount: organization.membersCount ?? null });
}
