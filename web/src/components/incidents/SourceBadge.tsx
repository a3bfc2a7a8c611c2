import { Bot, User } from "lucide-react";
import { incidentSource } from "../../services/incidentsApi";

/** "AI" or "Human" next to an incident, from its created_by label. */
export default function SourceBadge({ createdBy }: { createdBy: string }) {
  const ai = incidentSource(createdBy) === "ai";
  return (
    <span className={ai ? "pill inc-source inc-source-ai" : "pill inc-source"}>
      {ai ? <Bot size={14} aria-hidden="true" /> : <User size={14} aria-hidden="true" />}
      {ai ? "AI" : "Human"}
    </span>
  );
}
